"""The Python package against the CLI: the same options give the same JSON,
errors carry the CLI's message and hint, and measure() reads counters that
the test advances by known amounts. Run by tests/python/CMakeLists.txt with
AW_CLI (the aiwatt binary), AIWATT_LIBRARY (the build's libaiwatt.so.0) and
AW_FIXTURES (tests/fixtures) set."""

import json
import os
import shutil
import subprocess
import sys

import pytest

import aiwatt

CLI = os.environ["AW_CLI"]
FIXTURES = os.environ["AW_FIXTURES"]


def cli_json(*args):
    out = subprocess.run([CLI, *args, "--format", "json"], check=True,
                         stdout=subprocess.PIPE).stdout
    return json.loads(out)


# ---- the same JSON as the CLI ------------------------------------------------

def test_estimate_is_the_cli_json():
    got = aiwatt.estimate(model="llama-3.1-8b", hardware="h100", output_tokens=300)
    assert got == cli_json("estimate", "--model", "llama-3.1-8b", "--hardware", "h100",
                           "--output-tokens", "300")
    # The figure of the CLI's own table (examples/hello.c prints the same).
    assert got["wh"]["facility"] == pytest.approx(0.0200931, rel=1e-5)
    assert got["inputs"]["model"] == "llama-3.1-8b"
    assert got["inputs"]["output_tokens"] == 300


def test_options_are_the_cli_options_in_snake_case():
    got = aiwatt.estimate(params="70B", precision="fp8", input_tokens="10k",
                          datacenter="industry-average")
    assert got == cli_json("estimate", "--params", "70B", "--precision", "fp8",
                           "--input-tokens", "10k", "--datacenter", "industry-average")
    assert got["inputs"]["params_total"] == 70e9
    assert got["inputs"]["input_tokens"] == 10000
    # None leaves an option out.
    assert aiwatt.estimate(model="llama-3.1-8b", gpus=None) == aiwatt.estimate(model="llama-3.1-8b")


def test_mix_train_agent_report_are_the_cli_json():
    assert aiwatt.mix(profile="chatgpt-2025") == cli_json("mix", "--profile", "chatgpt-2025")
    assert aiwatt.train(model="gpt-3") == cli_json("train", "--model", "gpt-3")
    assert aiwatt.agent(model="gpt-4o", steps=5) == cli_json("agent", "--model", "gpt-4o",
                                                             "--steps", "5")
    rep = aiwatt.report()
    assert rep == cli_json("report")
    assert len(rep["requests"]) >= 5


def test_catalog_files_are_merged_like_the_cli_option():
    # override.json makes "hyperscale" a PUE 1.5 site.
    path = os.path.join(FIXTURES, "catalog", "override.json")
    got = aiwatt.estimate(catalog=path, datacenter="hyperscale", grid="clean")
    assert got == cli_json("--catalog", path, "estimate", "--datacenter", "hyperscale",
                           "--grid", "clean")
    assert got["inputs"]["pue"] == 1.5
    assert got["inputs"]["grid_gco2_per_kwh"] == 10
    # The default catalog is untouched for the next call.
    assert aiwatt.estimate(datacenter="hyperscale")["inputs"]["pue"] != 1.5


# ---- errors ----------------------------------------------------------------------

def test_unknown_id_raises_error_with_message_and_hint():
    with pytest.raises(aiwatt.Error) as info:
        aiwatt.estimate(model="no-such-model")
    err = info.value
    assert "no-such-model" in err.message
    assert "aiwatt catalog list models" in err.hint
    assert err.status == "E_NOT_FOUND" and err.code == 3
    # The CLI says the same.
    cli = subprocess.run([CLI, "estimate", "--model", "no-such-model"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert cli.returncode == 1
    assert err.message in cli.stderr and err.hint in cli.stderr


def test_bad_values_and_unknown_options_are_refused():
    with pytest.raises(aiwatt.Error) as info:
        aiwatt.estimate(output_tokens=-5)
    assert "output_tokens" in info.value.message or "output-tokens" in info.value.message
    assert info.value.hint
    with pytest.raises(aiwatt.Error) as info:
        aiwatt.estimate(output_tokenz=5)
    assert "output_tokenz" in info.value.message
    assert "output_tokens" in info.value.hint  # the closest option
    with pytest.raises(aiwatt.Error):
        aiwatt.run("no-such-command")


def test_version_is_the_library_version():
    out = subprocess.run([CLI, "--version"], check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    assert aiwatt.__version__ == aiwatt.version()
    assert "libaiwatt %s" % aiwatt.version() in out


# ---- measure and track -----------------------------------------------------------

def write_counter(path, value_uj):
    """Replaces a counter file at once, as the kernel's would read."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % value_uj)
    os.replace(tmp, path)


@pytest.fixture
def server_root(tmp_path):
    """A two-socket server's RAPL tree (packages and dram), writable."""
    root = tmp_path / "root"
    shutil.copytree(os.path.join(FIXTURES, "sysfs", "intel-server-2s-dram"), root,
                    symlinks=True)
    return str(root)


def test_measure_reads_the_energy_each_counter_gained(server_root):
    # Every RAPL domain gains a known energy inside the block: package-0
    # 10 J, package-1 20 J, each dram 1 J and 2 J.
    gains_j = {"package-0": 10.0, "package-1": 20.0}
    opts = dict(sysfs_root=server_root, nvml_library="/nonexistent/libnvidia-ml.so.1")
    with aiwatt.measure(**opts) as m:
        rapl = [d for d in aiwatt.measure(**opts).begin().end().result["domains"]
                if d["source"] == "rapl"]
        assert {d["name"] for d in rapl} >= {"package-0", "package-1"}
        expected = {}
        for i, d in enumerate(rapl):
            gain = gains_j.get(d["name"], float(i))
            path = os.path.join(server_root, d["path"])
            with open(path) as f:
                start = int(f.read())
            write_counter(path, start + int(gain * 1e6))
            expected[d["name"], d["path"]] = gain
    for d in m.result["domains"]:
        if d["source"] == "rapl":
            assert d["joules"] == pytest.approx(expected[d["name"], d["path"]], abs=1e-6)
    counted = sum(g for (name, path), g in expected.items()
                  if any(d["path"] == path and d["counted"] for d in m.result["domains"]))
    assert m.total_joules == pytest.approx(counted, abs=1e-6)
    assert m.total_joules >= 30.0  # both packages at least: nothing lost
    assert m.joules["rapl/package-0"] == pytest.approx(10.0, abs=1e-6)
    assert m.seconds > 0


def test_measure_without_counters_gives_none_not_zero(tmp_path):
    with aiwatt.measure(sysfs_root=str(tmp_path),
                        nvml_library="/nonexistent/libnvidia-ml.so.1") as m:
        pass
    assert m.total_joules is None
    assert m.joules == {}


def test_track_measures_each_call_and_keeps_the_function(server_root):
    @aiwatt.track(sysfs_root=server_root, nvml_library="/nonexistent/libnvidia-ml.so.1")
    def double(x):
        """Doubles x."""
        return 2 * x

    assert double.last_measure is None
    assert double(21) == 42
    assert double.__name__ == "double" and double.__doc__ == "Doubles x."
    assert double.last_measure.total_joules == pytest.approx(0.0, abs=1e-6)
    assert double.last_measure.seconds >= 0


def test_a_missing_library_says_how_to_find_it(tmp_path):
    env = dict(os.environ, AIWATT_LIBRARY=str(tmp_path / "libaiwatt.so.0"))
    proc = subprocess.run([sys.executable, "-c", "import aiwatt"], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.returncode != 0
    assert "cannot load libaiwatt.so.0" in proc.stderr
    assert "AIWATT_LIBRARY" in proc.stderr
