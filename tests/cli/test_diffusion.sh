#!/bin/sh
# CLI contract of `aiwatt estimate --task image|video`: options, outputs,
# exit codes, messages that name the problem and the fix, no partial output.
# usage: test_diffusion.sh AIWATT FIXTURES BUILD_DIR
. "$(dirname "$0")/lib.sh"

# Images: the table shows the diffusion assumptions.
expect 0 - "per image" -- estimate --task image
expect 0 - "flux.1-dev" -- estimate --task image
expect 0 - "guidance distilled" -- estimate --task image --model flux.1-dev
expect 0 - "classifier-free guidance" -- estimate --wide --task image --model sd3-medium
expect 0 - "4,096 latent tokens + 333 text tokens" -- estimate --wide --task image --model sd3-medium
expect 0 - "25 steps" -- estimate --task image --model sd3-medium --width 1024 --height 1024 --steps 25 --batch 4
expect 0 - "4 images at once" -- estimate --task image --model sd3-medium --batch 4
expect 0 - "U-Net cost scaled" -- estimate --task image --model sd-1.5
expect 0 - "linear attention" -- estimate --task image --model sana-1.5-1.6b
expect 0 - "facility" -- estimate --task image --model sdxl --hardware a100-40gb
expect 0 - "--width 1000 rounded up to 1008" -- estimate --task image --model flux.1-dev --width 1000
expect 0 - '"width": 1008' -- estimate --task image --model flux.1-dev --width 1000 --format json
expect 0 - '"cfg_passes": 2' -- estimate --task image --model sd3-medium --format json
expect 0 - '"total_flop"' -- estimate --task image --model sd3-medium --format json
expect 0 - '"co2_g"' -- estimate --task image --model sd3-medium --format json
expect 0 - "^model,task,architecture" -- estimate --task image --format csv
expect 0 - "^sd3-medium,image,mmdit,h100-sxm,1" -- estimate --task image --model sd3-medium --format csv
expect 0 - "usage: aiwatt estimate" -- help estimate
expect 0 - "--task image|video" -- help estimate
expect 0 - "--frames N" -- help estimate

# Videos.
expect 0 - "per video" -- estimate --task video
expect 0 - "wan2.1-14b" -- estimate --task video
expect 0 - "21 x 30 x 52 = 32,760 latent tokens" -- estimate --wide --task video --model wan2.1-1.3b
expect 0 - "by cross-attention" -- estimate --task video --model wan2.1-1.3b
expect 0 - "in the joint sequence" -- estimate --task video --model hunyuanvideo
expect 0 - "--frames 80 rounded up to 81" -- estimate --task video --model wan2.1-1.3b --frames 80
expect 0 - '"latent_frames": 11' -- estimate --task video --model cogvideox1.5-5b --format json
expect 0 - '"frames": 1,' -- estimate --task video --model wan2.1-1.3b --frames 1 --format json
expect 0 - "^wan2.1-1.3b,video,dit" -- estimate --task video --model wan2.1-1.3b --format csv
# Two GPUs when one cannot hold the 14B denoiser and its text encoder.
expect 0 - "2 x a100-40gb (automatic)" -- estimate --task video --model wan2.1-14b --hardware a100-40gb

# Usage errors: exit 2, message names the option.
expect 2 "--width/--height/--steps/--frames are for --task image or video" - -- estimate --width 512
expect 2 "--frames is for --task video" - -- estimate --task image --frames 9
expect 2 "--width '0'" - -- estimate --task image --width 0
expect 2 "--height '9000'" - -- estimate --task image --height 9000
expect 2 "--steps 'abc'" - -- estimate --task image --steps abc
expect 2 "--steps '5000'" - -- estimate --task image --steps 5000
expect 2 "--frames '-3'" - -- estimate --task video --frames -3
expect 2 "--width needs a value" - -- estimate --task image --width
expect 2 "token counts do not apply to --task image" - -- estimate --task image --output-tokens 100
expect 2 "--images-in is for text tasks" - -- estimate --task video --images-in 1
expect 2 "--params describes a text model" - -- estimate --task image --params 7B
expect 2 "--task 'img'" - -- estimate --task img

# Failures: exit 1, the fix named.
expect 1 "is an image model, not a text model" - -- estimate --model sdxl
expect 1 "use --task image for 'sdxl'" - -- estimate --model sdxl
expect 1 "is a video model, not an image model" - -- estimate --task image --model wan2.1-1.3b
expect 1 "use --task video" - -- estimate --task image --model wan2.1-1.3b
expect 1 "is an image model, not a video model" - -- estimate --task video --model sdxl
expect 1 "is a text model, not an image model" - -- estimate --task image --model gpt-4o
expect 1 "did you mean 'sdxl'" - -- estimate --task image --model sdxxl
expect 1 "do not fit" - -- estimate --task video --model wan2.1-14b --hardware a100-40gb --gpus 1
expect 1 "use --gpus 2" - -- estimate --task video --model wan2.1-14b --hardware a100-40gb --gpus 1
expect 1 "not available for --task image" - -- estimate --task image --method flops
expect 1 "unknown hardware" - -- estimate --task image --hardware h1000

# Catalog.
expect 0 - "sd3-medium" -- catalog list models
expect 0 - '^ *token_params' -- catalog show sd3-medium
expect 0 - 'vae_temporal  *4$' -- catalog show wan2.1-1.3b
expect 0 - '"vae_temporal": 4' -- catalog show wan2.1-1.3b --format json

finish
