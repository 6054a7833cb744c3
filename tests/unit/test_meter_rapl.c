/*
 * test_meter_rapl.c - what the meter finds on each fixture machine, and the
 * no-double-count rules: package vs core/uncore, dram added, psys as an
 * alternative total, MMIO duplicates, mirrored AMD dies (and genuinely
 * distinct dies), the APU's amdgpu, unreadable counters and their fix.
 */
#include <sys/wait.h>
#include "meter_test_util.h"

static void test_intel_desktop_psys(void **state)
{
    (void)state;
    aw_meter *m = mt_open_fixture("intel-desktop-psys", 0);
    const struct aw_meter_domain *pkg = mt_domain(m, "/intel-rapl:0/");
    const struct aw_meter_domain *core = mt_domain(m, "/intel-rapl:0:0/");
    const struct aw_meter_domain *uncore = mt_domain(m, "/intel-rapl:0:1/");
    const struct aw_meter_domain *psys = mt_domain(m, "/intel-rapl:1/");
    const struct aw_meter_domain *mmio = mt_domain(m, "/intel-rapl-mmio:0/");

    assert_int_equal(aw_meter_domain_count(m), 5);
    assert_string_equal(pkg->name, "package-0");
    assert_int_equal(pkg->scope, AW_SCOPE_CPU_PACKAGE);
    assert_int_equal(pkg->status, AW_OK);
    assert_true(pkg->counted);
    assert_close(pkg->range_j, 262143.328850, 1e-12);
    /* The largest constraint (short term, 241 W) sets the wrap period:
     * 262143 J / 241 W / 4 = 272 s, capped at one read a second. */
    assert_close(pkg->max_power_w, 241.0, 1e-12);
    assert_close(pkg->period_s, 1.0, 1e-12);

    assert_string_equal(core->name, "core");
    assert_string_equal(core->parent, "package-0");
    assert_int_equal(core->scope, AW_SCOPE_CPU_PART);
    assert_false(core->counted);
    assert_non_null(strstr(core->note, "inside package-0"));
    assert_false(uncore->counted);

    assert_int_equal(psys->scope, AW_SCOPE_PLATFORM);
    assert_false(psys->counted);
    assert_non_null(strstr(psys->note, "platform total"));

    assert_string_equal(mmio->name, "package-0");
    assert_false(mmio->counted);
    assert_non_null(strstr(mmio->note, "intel-rapl:0"));

    /* No power sensor among acpitz, coretemp and nvme: hwmon is absent. */
    assert_int_equal(mt_source(m, "hwmon")->status, AW_E_ABSENT);
    assert_int_equal(mt_source(m, "rapl")->status, AW_OK);
    assert_int_equal(mt_source(m, "nvml")->status, AW_E_NOT_FOUND);
    aw_meter_free(m);
}

static void test_intel_server_two_sockets_dram(void **state)
{
    (void)state;
    aw_meter *m = mt_open_fixture("intel-server-2s-dram", AW_METER_RAPL | AW_METER_HWMON);
    int counted = 0;
    for (size_t i = 0; i < aw_meter_domain_count(m); i++)
        counted += aw_meter_domain_at(m, i)->counted;
    /* package-0, package-1 and both drams (outside the packages). */
    assert_int_equal(counted, 4);
    const struct aw_meter_domain *dram1 = mt_domain(m, "/intel-rapl:1:0/");
    assert_string_equal(dram1->name, "dram");
    assert_string_equal(dram1->parent, "package-1");
    assert_int_equal(dram1->scope, AW_SCOPE_DRAM);
    assert_true(dram1->counted);
    assert_close(dram1->range_j, 65712.999613, 1e-12);
    /* The ACPI meter sees the whole node: listed, never added. */
    const struct aw_meter_domain *node = mt_domain(m, "hwmon0/power1_average");
    assert_string_equal(node->name, "power_meter");
    assert_int_equal(node->kind, AW_METER_GAUGE);
    assert_false(node->counted);
    assert_non_null(strstr(node->note, "whole-system"));
    aw_meter_free(m);
}

static void test_amd_mirrored_dies(void **state)
{
    (void)state;
    aw_meter *m = mt_open_fixture("amd-epyc-mirrored", AW_METER_RAPL | AW_METER_HWMON);
    const struct aw_meter_domain *d00 = mt_domain(m, "/intel-rapl:0/");
    const struct aw_meter_domain *d01 = mt_domain(m, "/intel-rapl:1/");
    const struct aw_meter_domain *d10 = mt_domain(m, "/intel-rapl:2/");
    const struct aw_meter_domain *d11 = mt_domain(m, "/intel-rapl:3/");
    assert_true(d00->counted);
    assert_false(d01->counted);
    assert_non_null(strstr(d01->note, "mirror of package-0-die-0"));
    assert_true(d10->counted);
    assert_false(d11->counted);
    assert_close(d00->range_j, 65532.610987, 1e-12);
    /* No constraints on AMD: 1000 W is assumed, 65.5 kJ / 1000 W / 4 = 16 s,
     * capped at 1 s. */
    assert_close(d00->max_power_w, 1000.0, 1e-12);
    assert_false(mt_domain(m, "/intel-rapl:0:0/")->counted);
    /* amd_energy mirrors RAPL per core and socket: never added. */
    const struct aw_meter_domain *e = mt_domain(m, "hwmon2/energy3_input");
    assert_string_equal(e->name, "amd_energy/Esocket0");
    assert_int_equal(e->kind, AW_METER_COUNTER);
    assert_false(e->counted);
    aw_meter_free(m);
}

/* Distinct per-die counters (different readings) are both added: the rule
 * comes from the data, not from the names. */
static void test_amd_distinct_dies(void **state)
{
    struct fake_sysfs *fs = *state;
    mt_zone(fs->root, "intel-rapl:0", "package-0-die-0", 1000000, 65532610987ULL);
    mt_zone(fs->root, "intel-rapl:1", "package-0-die-1", 2500000, 65532610987ULL);
    aw_meter *m = fake_sysfs_open(fs, AW_METER_RAPL);
    assert_true(mt_domain(m, "/intel-rapl:0/")->counted);
    assert_true(mt_domain(m, "/intel-rapl:1/")->counted);
}

static void test_laptop_apu(void **state)
{
    (void)state;
    aw_meter *m = mt_open_fixture("laptop-amdgpu-apu", AW_METER_RAPL | AW_METER_HWMON);
    const struct aw_meter_domain *gpu = mt_domain(m, "hwmon3/power1_input");
    assert_string_equal(gpu->name, "amdgpu");
    assert_int_equal(gpu->scope, AW_SCOPE_SOC);
    assert_int_equal(gpu->kind, AW_METER_GAUGE);
    assert_false(gpu->counted);
    assert_non_null(strstr(gpu->note, "APU"));
    assert_true(mt_domain(m, "/intel-rapl:0/")->counted);
    aw_meter_free(m);

    /* Without RAPL, the APU's SoC power is the total. */
    m = mt_open_fixture("laptop-amdgpu-apu", AW_METER_HWMON);
    assert_true(mt_domain(m, "hwmon3/power1_input")->counted);
    aw_meter_free(m);
}

/* A discrete amdgpu (gpu_metrics format 1) is a GPU, added to RAPL; the
 * average is used only without an input, and disabled channels are skipped. */
static void test_discrete_amdgpu_and_disabled_channels(void **state)
{
    struct fake_sysfs *fs = *state;
    mt_zone(fs->root, "intel-rapl:0", "package-0", 1000, 262143328850ULL);
    fake_sysfs_hwmon(fs, 0, "name", "amdgpu");
    fake_sysfs_hwmon(fs, 0, "power1_average", "212000000");
    fake_sysfs_hwmon(fs, 0, "device/gpu_metrics", "\x78");
    fake_sysfs_hwmon(fs, 1, "name", "ina3221");
    fake_sysfs_hwmon(fs, 1, "power1_input", "1000000");
    fake_sysfs_hwmon(fs, 1, "power1_average", "900000");
    fake_sysfs_hwmon(fs, 1, "power2_input", "2000000");
    fake_sysfs_hwmon(fs, 1, "power2_enable", "0");
    aw_meter *m = fake_sysfs_open(fs, AW_METER_RAPL | AW_METER_HWMON);
    const struct aw_meter_domain *gpu = mt_domain(m, "hwmon0/power1_average");
    assert_int_equal(gpu->scope, AW_SCOPE_GPU);
    assert_true(gpu->counted);
    assert_true(mt_domain(m, "/intel-rapl:0/")->counted);
    assert_int_equal(mt_find(m, "hwmon1/power1_average"), -1);
    assert_int_equal(mt_find(m, "hwmon1/power2_input"), -1);
    const struct aw_meter_domain *ina = mt_domain(m, "hwmon1/power1_input");
    assert_string_equal(ina->name, "ina3221");
    assert_false(ina->counted);
}

/* When no package can be read, psys alone is the total (dram is inside it);
 * a garbage energy_uj stands for an unreadable one here. */
static void test_psys_alone_when_no_package(void **state)
{
    struct fake_sysfs *fs = *state;
    mt_zone(fs->root, "intel-rapl:0", "package-0", 0, 262143328850ULL);
    mt_write(fs->root, "sys/class/powercap/intel-rapl:0/energy_uj", "garbage");
    mt_zone(fs->root, "intel-rapl:0:0", "dram", 5, 65712999613ULL);
    mt_zone(fs->root, "intel-rapl:1", "psys", 7, 262143328850ULL);
    aw_meter *m = fake_sysfs_open(fs, AW_METER_RAPL);
    const struct aw_meter_domain *pkg = mt_domain(m, "/intel-rapl:0/");
    assert_int_equal(pkg->status, AW_E_PARSE);
    assert_non_null(strstr(pkg->diag.msg, "not a number"));
    assert_false(pkg->counted);
    assert_true(mt_domain(m, "/intel-rapl:1/")->counted);
    assert_false(mt_domain(m, "/intel-rapl:0:0/")->counted);
}

/* The MSR zone is preferred; when it cannot be read, its MMIO twin is. */
static void test_mmio_used_when_msr_unreadable(void **state)
{
    struct fake_sysfs *fs = *state;
    mt_zone(fs->root, "intel-rapl:0", "package-0", 0, 262143328850ULL);
    mt_write(fs->root, "sys/class/powercap/intel-rapl:0/energy_uj", "");
    mt_zone(fs->root, "intel-rapl-mmio:0", "package-0", 42, 262143328850ULL);
    aw_meter *m = fake_sysfs_open(fs, AW_METER_RAPL);
    assert_true(mt_domain(m, "/intel-rapl-mmio:0/")->counted);
    const struct aw_meter_domain *msr = mt_domain(m, "/intel-rapl:0/");
    assert_false(msr->counted);
    assert_non_null(strstr(msr->note, "intel-rapl-mmio:0"));
}

static void test_missing_range_and_absent_sources(void **state)
{
    struct fake_sysfs *fs = *state;
    aw_meter *m = fake_sysfs_open(fs, AW_METER_RAPL | AW_METER_HWMON);
    assert_int_equal(aw_meter_domain_count(m), 0);
    assert_int_equal(mt_source(m, "rapl")->status, AW_E_ABSENT);
    assert_int_equal(mt_source(m, "hwmon")->status, AW_E_ABSENT);
    assert_null(mt_source(m, "nvml")); /* not asked for */

    mt_zone(fs->root, "intel-rapl:0", "package-0", 10, 0);
    m = fake_sysfs_open(fs, AW_METER_RAPL);
    const struct aw_meter_domain *pkg = mt_domain(m, "/intel-rapl:0/");
    assert_int_equal(pkg->status, AW_OK);
    assert_close(pkg->range_j, 0.0, 0);
    assert_non_null(strstr(pkg->note, "no max_energy_range_uj"));

    m = mt_open("/nonexistent/sysfs-root", AW_METER_RAPL | AW_METER_HWMON);
    assert_int_equal(mt_source(m, "rapl")->status, AW_E_NOT_FOUND);
    assert_non_null(strstr(mt_source(m, "rapl")->diag.msg, "cannot open the sysfs root"));
    aw_meter_free(m);
}

/* energy_uj is root-only on current kernels. As root, chmod does not deny a
 * read, so the check runs in a child that drops to an unprivileged user;
 * it uses no cmocka assertion (a failure must end the child, not resume the
 * test run in it). Returns 1 when every expectation holds. */
static int permission_denied_ok(const char *root)
{
    struct aw_meter_options opt;
    aw_meter *m = NULL;
    aw_meter_options_init(&opt);
    opt.sysfs_root = root;
    opt.sources = AW_METER_RAPL | AW_METER_HWMON;
    if (aw_meter_open(&opt, &m, NULL) != AW_OK)
        return 0;
    int pkg = mt_find(m, "/intel-rapl:0/"), gpu = mt_find(m, "hwmon0/power1_input");
    int ok = pkg >= 0 && gpu >= 0;
    if (ok) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, (size_t)pkg);
        ok = d->status == AW_E_PERM && !d->counted && strstr(d->diag.msg, "denied") &&
             strstr(d->diag.hint, "CVE-2020-8694") && strstr(d->diag.hint, "udev");
        if (!ok)
            fprintf(stderr, "package-0: status %d, msg '%s', hint '%s'\n", d->status,
                    d->diag.msg, d->diag.hint);
        /* package-1 is readable, so the APU's power (CPU included) is not
         * added to it. */
        ok = ok && !aw_meter_domain_at(m, (size_t)gpu)->counted;
    }
    /* package-1: only its range is hidden; it is read, and the note says
     * that a wrap cannot be unwrapped. */
    int pkg1 = mt_find(m, "/intel-rapl:1/");
    if (ok && pkg1 >= 0) {
        const struct aw_meter_domain *d = aw_meter_domain_at(m, (size_t)pkg1);
        ok = d->status == AW_OK && d->counted && d->range_j == 0 &&
             strstr(d->note, "max_energy_range_uj is not readable") != NULL;
        if (!ok)
            fprintf(stderr, "package-1: status %d, note '%s'\n", d->status, d->note);
    }
    aw_meter_free(m);
    return ok;
}

static void test_permission_denied(void **state)
{
    struct fake_sysfs *fs = *state;
    const char *root = fs->root;
    mt_zone(root, "intel-rapl:0", "package-0", 10, 65532610987ULL);
    fake_sysfs_hwmon(fs, 0, "name", "amdgpu");
    fake_sysfs_hwmon(fs, 0, "power1_input", "8000000");
    fake_sysfs_hwmon(fs, 0, "device/gpu_metrics", "\x78\x01\x02\x01");
    mt_zone(root, "intel-rapl:1", "package-1", 20, 65532610987ULL);
    static const char *const hidden[] = {"intel-rapl:0/energy_uj",
                                         "intel-rapl:0/max_energy_range_uj",
                                         "intel-rapl:1/max_energy_range_uj"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        char path[600];
        snprintf(path, sizeof path, "%s/sys/class/powercap/%s", root, hidden[i]);
        assert_int_equal(chmod(path, geteuid() == 0 ? 0400 : 0000), 0);
    }
    if (geteuid() != 0) {
        assert_true(permission_denied_ok(root));
    } else {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            /* nobody:nogroup */
            if (setgid(65534) != 0 || setuid(65534) != 0)
                _exit(3);
            _exit(permission_denied_ok(root) ? 0 : 1);
        }
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
            skip(); /* cannot drop privileges here */
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            print_error("child: exit %d, signal %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
                        WIFSIGNALED(status) ? WTERMSIG(status) : 0);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
}

TEST_MAIN(cmocka_unit_test(test_intel_desktop_psys),
          cmocka_unit_test(test_intel_server_two_sockets_dram),
          cmocka_unit_test(test_amd_mirrored_dies),
          fake_sysfs_test(test_amd_distinct_dies),
          cmocka_unit_test(test_laptop_apu),
          fake_sysfs_test(test_discrete_amdgpu_and_disabled_channels),
          fake_sysfs_test(test_psys_alone_when_no_package),
          fake_sysfs_test(test_mmio_used_when_msr_unreadable),
          fake_sysfs_test(test_missing_range_and_absent_sources),
          fake_sysfs_test(test_permission_denied))
