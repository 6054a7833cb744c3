/*
 * test_meter_nvml.c - the NVML source against the fake library
 * (tests/fakes/fake_nvml.c): the energy counter at a known rate, the power
 * fallback of GPUs without one, several GPUs, and the error paths (library
 * missing, nvmlInit failing, reads failing). Also the NVML name -> catalog
 * id mapping.
 */
#include "meter_test_util.h"

#ifndef AW_FAKE_NVML_PATH
#error "AW_FAKE_NVML_PATH must name the fake NVML library (tests/fakes)"
#endif

static aw_meter *open_nvml(const char *library)
{
    struct aw_meter_options opt;
    struct aw_diag diag;
    aw_meter *m = NULL;
    aw_meter_options_init(&opt);
    opt.sysfs_root = "/nonexistent";
    opt.sources = AW_METER_NVML;
    opt.nvml_library = library;
    opt.interval_s = 0.02;
    assert_int_equal(aw_meter_open(&opt, &m, &diag), AW_OK);
    return m;
}

/* Each test starts with the fake library's defaults (one H100 with an
 * energy counter at 300 W) and its own meter (struct fake_sysfs, whose
 * tree stays empty: NVML reads no sysfs), freed by fake_sysfs_teardown. */
static int nvml_setup(void **state)
{
    unsetenv("FAKE_NVML_MODE");
    unsetenv("FAKE_NVML_GPUS");
    unsetenv("FAKE_NVML_POWER_W");
    unsetenv("FAKE_NVML_NAME");
    unsetenv("FAKE_NVML_FAIL_AFTER");
    return fake_sysfs_setup(state);
}

/* The energy over `seconds` with the poller running. */
static const struct aw_meter_delta *measure(struct fake_sysfs *fs, double seconds)
{
    struct aw_diag diag;
    assert_int_equal(aw_meter_start(fs->meter, &diag), AW_OK);
    fake_sysfs_first(fs);
    mt_sleep(seconds);
    aw_meter_sample(fs->meter, fs->s[1]);
    aw_meter_stop(fs->meter);
    aw_meter_diff(fs->meter, fs->s[0], fs->s[1], fs->d);
    return fs->d;
}

static void test_energy_counter(void **state)
{
    struct fake_sysfs *fs = *state;
    aw_meter *m = fake_sysfs_adopt(fs, open_nvml(AW_FAKE_NVML_PATH));
    assert_int_equal(mt_source(m, "nvml")->status, AW_OK);
    assert_int_equal(aw_meter_domain_count(m), 1);
    const struct aw_meter_domain *gpu = aw_meter_domain_at(m, 0);
    assert_string_equal(gpu->name, "gpu0 (NVIDIA H100 80GB HBM3)");
    assert_string_equal(gpu->device, "NVIDIA H100 80GB HBM3");
    assert_string_equal(gpu->path, "nvml:0");
    assert_int_equal(gpu->kind, AW_METER_COUNTER);
    assert_int_equal(gpu->scope, AW_SCOPE_GPU);
    assert_true(gpu->counted);
    assert_close(gpu->max_power_w, 700.0, 1e-12);
    assert_close(gpu->range_j, 0.0, 0);
    const struct aw_meter_delta *d = measure(fs, 0.5);
    assert_true(d->domain[0].valid);
    /* The counter has 1 mJ steps and is read at both ends: 2% is ample. */
    assert_close(d->domain[0].power_w, 300.0, 0.02);
    assert_close(d->total_j, 300.0 * d->duration_s, 0.02);
}

static void test_power_fallback(void **state)
{
    struct fake_sysfs *fs = *state;
    setenv("FAKE_NVML_MODE", "power", 1);
    setenv("FAKE_NVML_POWER_W", "150", 1);
    setenv("FAKE_NVML_NAME", "Tesla P100-PCIE-16GB", 1);
    aw_meter *m = fake_sysfs_adopt(fs, open_nvml(AW_FAKE_NVML_PATH));
    const struct aw_meter_domain *gpu = aw_meter_domain_at(m, 0);
    assert_int_equal(gpu->kind, AW_METER_GAUGE);
    assert_true(gpu->counted);
    assert_non_null(strstr(gpu->note, "no energy counter"));
    assert_close(gpu->period_s, 0.02, 1e-12);
    assert_close(measure(fs, 0.3)->domain[0].power_w, 150.0, 1e-6);
}

static void test_several_gpus(void **state)
{
    struct fake_sysfs *fs = *state;
    setenv("FAKE_NVML_GPUS", "2", 1);
    setenv("FAKE_NVML_POWER_W", "100", 1);
    aw_meter *m = fake_sysfs_adopt(fs, open_nvml(AW_FAKE_NVML_PATH));
    assert_int_equal(aw_meter_domain_count(m), 2);
    assert_string_equal(aw_meter_domain_at(m, 1)->path, "nvml:1");
    const struct aw_meter_delta *d = measure(fs, 0.4);
    assert_close(d->domain[1].power_w, 200.0, 0.02);
    assert_close(d->total_w, 300.0, 0.02);
}

static void test_library_missing(void **state)
{
    struct fake_sysfs *fs = *state;
    aw_meter *m = fake_sysfs_adopt(fs, open_nvml("/nonexistent/libnvidia-ml.so.1"));
    const struct aw_meter_source *s = mt_source(m, "nvml");
    assert_int_equal(s->status, AW_E_NOT_FOUND);
    assert_non_null(strstr(s->diag.msg, "cannot load NVML"));
    assert_non_null(strstr(s->diag.hint, "AIWATT_NVML_LIBRARY"));
    assert_int_equal(aw_meter_domain_count(m), 0);
}

static void test_init_fails(void **state)
{
    struct fake_sysfs *fs = *state;
    setenv("FAKE_NVML_MODE", "init-fail", 1);
    aw_meter *m = fake_sysfs_adopt(fs, open_nvml(AW_FAKE_NVML_PATH));
    const struct aw_meter_source *s = mt_source(m, "nvml");
    assert_int_equal(s->status, AW_E_IO);
    /* The versioned symbol was the one called. */
    assert_non_null(strstr(s->diag.msg, "nvmlInit_v2 failed: Unknown Error"));

    setenv("FAKE_NVML_MODE", "no-driver", 1);
    m = fake_sysfs_adopt(fs, open_nvml(AW_FAKE_NVML_PATH));
    assert_int_equal(mt_source(m, "nvml")->status, AW_E_ABSENT);
}

static void test_reads_fail(void **state)
{
    struct fake_sysfs *fs = *state;
    setenv("FAKE_NVML_MODE", "energy-fail", 1);
    setenv("FAKE_NVML_FAIL_AFTER", "2", 1);
    aw_meter *m = fake_sysfs_adopt(fs, open_nvml(AW_FAKE_NVML_PATH));
    /* Probe and first read succeed; later reads fail. */
    assert_int_equal(aw_meter_domain_at(m, 0)->status, AW_OK);
    const struct aw_meter_delta *d = measure(fs, 0.1);
    assert_true(d->domain[0].errors >= 1);
    /* A failing counter is lost, not zero: it says so (issue: it read
     * "0.0 J, readable"). */
    assert_true(d->domain[0].lost);
    assert_true(d->domain[0].valid);
}

static void test_gpu_hardware_ids(void **state)
{
    (void)state;
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA H100 80GB HBM3"), "h100-sxm");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA H100 PCIe"), "h100-pcie");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA H100 NVL"), "h100-nvl");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA H200"), "h200");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA GH200 480GB"), "gh200");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA A100-SXM4-80GB"), "a100-80gb");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA A100-PCIE-40GB"), "a100-40gb");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA L40S"), "l40s");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA L4"), "l4");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA A10G"), "a10g");
    assert_string_equal(aw_meter_gpu_hardware_id("Tesla T4"), "t4");
    assert_string_equal(aw_meter_gpu_hardware_id("Tesla V100-SXM2-16GB"), "v100");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA GeForce RTX 4090"), "rtx-4090");
    assert_string_equal(aw_meter_gpu_hardware_id("NVIDIA B200"), "b200");
    assert_null(aw_meter_gpu_hardware_id("NVIDIA GeForce GTX 1080"));
    assert_null(aw_meter_gpu_hardware_id(NULL));
}

TEST_MAIN(cmocka_unit_test_setup_teardown(test_energy_counter, nvml_setup, fake_sysfs_teardown),
          cmocka_unit_test_setup_teardown(test_power_fallback, nvml_setup, fake_sysfs_teardown),
          cmocka_unit_test_setup_teardown(test_several_gpus, nvml_setup, fake_sysfs_teardown),
          cmocka_unit_test_setup_teardown(test_library_missing, nvml_setup, fake_sysfs_teardown),
          cmocka_unit_test_setup_teardown(test_init_fails, nvml_setup, fake_sysfs_teardown),
          cmocka_unit_test_setup_teardown(test_reads_fail, nvml_setup, fake_sysfs_teardown),
          cmocka_unit_test(test_gpu_hardware_ids))
