/*
 * main.c - the aiwatt command-line tool: global options, the command table
 * and dispatch. Environment variables are read here and nowhere else.
 */
#include <stdlib.h>
#include <string.h>
#include "cmd.h"

/* Sections that estimates read: only the embedded files holding them are
 * parsed, which keeps start-up a few milliseconds. Training runs and the
 * household comparisons join them for train and whatif. */
#define ESTIMATE_SECTIONS                                                                    \
    (AW_SECTION_BIT(AW_SECTION_HARDWARE) | AW_SECTION_BIT(AW_SECTION_SERVERS) |              \
     AW_SECTION_BIT(AW_SECTION_MODELS) | AW_SECTION_BIT(AW_SECTION_DATACENTERS) |            \
     AW_SECTION_BIT(AW_SECTION_GRIDS) | AW_SECTION_BIT(AW_SECTION_ENGINES))
#define TRAIN_SECTIONS                                                                       \
    (ESTIMATE_SECTIONS | AW_SECTION_BIT(AW_SECTION_TRAINING_RUNS) |                          \
     AW_SECTION_BIT(AW_SECTION_COMPARISONS))

/* The command table: name, summary (for `aiwatt help`), the usage text and
 * run function of tool/cmd_NAME.c, flags (formats printed, operands, a
 * trailing command, the catalog), the request fields it takes (enum
 * aw_command bits: their options and --help lines come from the field
 * table), and the catalog sections it reads (0: all). Its own options
 * are rows of the one table in tool/opts.c. */
static const struct aw_cmd commands[] = {
    {"estimate", "energy, carbon and water of one AI request, every assumption shown",
     aw_usage_estimate, aw_run_estimate, AW_CMDF_FORMATS | AW_CMDF_CATALOG, AW_CMD_ESTIMATE, ESTIMATE_SECTIONS},
    {"catalog", "list the catalog or show one entry with its source",
     aw_usage_catalog, aw_run_catalog, AW_CMDF_FORMATS | AW_CMDF_OPERANDS | AW_CMDF_CATALOG, 0,
     0},
    {"measure", "run a command and report its energy, per domain and per token",
     aw_usage_measure, aw_run_measure, AW_CMDF_FORMATS | AW_CMDF_TAKES_COMMAND, 0, 0},
    {"sources", "energy counters found (RAPL, NVML, hwmon), readable or not, and why",
     aw_usage_sources, aw_run_sources, AW_CMDF_FORMATS, 0, 0},
    {"monitor", "live power per energy counter until interrupted",
     aw_usage_monitor, aw_run_monitor, AW_CMDF_FORMATS, 0, 0},
    {"mix", "the average query: a mix of request kinds, every share shown",
     aw_usage_mix, aw_run_mix, AW_CMDF_FORMATS | AW_CMDF_CATALOG, AW_CMD_MIX, 0},
    {"agent", "an agent session: chained calls with a growing context",
     aw_usage_agent, aw_run_agent, AW_CMDF_FORMATS | AW_CMDF_CATALOG, AW_CMD_AGENT, 0},
    {"report", "the story of AI energy on one screen (the main job of make run)",
     aw_usage_report, aw_run_report, AW_CMDF_TABLE | AW_CMDF_JSON | AW_CMDF_CATALOG, AW_CMD_REPORT, 0},
    {"refs", "the reference library: published figures with their sources",
     aw_usage_refs, aw_run_refs, AW_CMDF_FORMATS | AW_CMDF_OPERANDS | AW_CMDF_CATALOG, 0, 0},
    {"reproduce", "published figures redone by their own methods, and why they differ",
     aw_usage_reproduce, aw_run_reproduce, AW_CMDF_FORMATS | AW_CMDF_OPERANDS | AW_CMDF_CATALOG, 0, 0},
    {"fleet", "a whole service at scale: per day, per year, households, countries",
     aw_usage_fleet, aw_run_fleet, AW_CMDF_FORMATS | AW_CMDF_CATALOG, AW_CMD_FLEET, 0},
    {"compare", "one request under several methods and data centres, every boundary",
     aw_usage_compare, aw_run_compare, AW_CMDF_FORMATS | AW_CMDF_CATALOG, AW_CMD_COMPARE, 0},
    {"train", "energy of a training run (GPT-3, Llama 3, ...), its share per query",
     aw_usage_train, aw_run_train, AW_CMDF_FORMATS | AW_CMDF_CATALOG, AW_CMD_TRAIN, TRAIN_SECTIONS},
    {"whatif", "vary the levers (batch, precision, chip, site); rank what cuts most",
     aw_usage_whatif, aw_run_whatif,
     AW_CMDF_FORMATS | AW_CMDF_CATALOG | AW_CMDF_OWN_PARSER | AW_CMDF_LEVERS, 0, TRAIN_SECTIONS},
    {"serve", "Prometheus exporter, JSON API and web calculator over HTTP",
     aw_usage_serve, aw_run_serve, AW_CMDF_CATALOG, 0, 0},
    {"me", "one person's AI use per day and year, in phone charges and kettles",
     aw_usage_me, aw_run_me, AW_CMDF_TABLE | AW_CMDF_JSON | AW_CMDF_CATALOG, AW_CMD_ME, 0},
    {"usage", "AI usage logs to energy, carbon and water, per model, day, project",
     aw_usage_usage, aw_run_usage,
     AW_CMDF_FORMATS | AW_CMDF_OPERANDS | AW_CMDF_CATALOG | AW_CMDF_OWN_PARSER, 0, 0},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const struct aw_cmd *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    }
    return NULL;
}

static void print_overview(FILE *out)
{
    fputs("usage: aiwatt [--catalog FILE] [--sysfs-root DIR] COMMAND [OPTIONS]\n"
          "       aiwatt help COMMAND | aiwatt --version\n\n"
          "How much energy does AI use? Estimates at four boundaries (accelerator,\n"
          "server, it, facility) with carbon and water; every assumption shown.\n\n"
          "commands:\n",
          out);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\nglobal options (anywhere before '--'; for measure, before 'measure'):\n"
          "  --catalog FILE     merge a catalog JSON file over the default (repeatable)\n"
          "  --sysfs-root DIR   read hardware counters under DIR (env AIWATT_SYSFS_ROOT)\n"
          "  --nvml-library PATH  the NVML library to load (env AIWATT_NVML_LIBRARY,\n"
          "                     ignored when running as root or setuid)\n"
          "  --format table|json|csv   on every command that prints results (before or\n"
          "                     after the command word)\n"
          "  --wide             tables show every column, nothing wrapped (default: fit\n"
          "                     the terminal, else COLUMNS, else 80 columns)\n"
          "  --precise          every digit of every number in tables (default: 3\n"
          "                     significant figures, fewer where the range is wide)\n",
          out);
}

static int command_help(const char *name)
{
    const struct aw_cmd *cmd = find_command(name);
    if (cmd == NULL) {
        aw_tool_error("unknown command '%s'", name);
        aw_tool_hint("'aiwatt help' lists the commands");
        return AW_EXIT_USAGE;
    }
    aw_tool_print_usage(cmd, stdout);
    return AW_EXIT_OK;
}

#define MAX_CATALOG_FILES 16

/* The fuzz build calls the CLI as a function (tests/fuzz/fuzz_cli.c). */
#ifndef AW_CLI_MAIN
#define AW_CLI_MAIN main
#endif
int AW_CLI_MAIN(int argc, char **argv);

int AW_CLI_MAIN(int argc, char **argv)
{
    struct aw_ctx ctx = {0};
    const char *catalog_files[MAX_CATALOG_FILES];
    int n_catalog_files = 0;
    int exit_code = AW_EXIT_OK;
    char **args = calloc((size_t)argc + 3, sizeof *args);
    int nargs = 0;
    if (args == NULL) {
        aw_tool_error("out of memory");
        return AW_EXIT_FAIL;
    }

    ctx.sysfs_root = getenv("AIWATT_SYSFS_ROOT");
    ctx.nvml_library = getenv("AIWATT_NVML_LIBRARY");
    ctx.nvml_from_env = ctx.nvml_library != NULL;
    ctx.view.width = aw_view_width(1, getenv("COLUMNS"));
    /* --format given before the command word: moved after it, where the
     * command's own parser reads it. */
    const char *format_before[2] = {NULL, NULL};

    /* Strip global options wherever they appear before "--", so that
     * `aiwatt estimate --catalog my.json` works as users expect. */
    int passthrough = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!passthrough && strcmp(a, "--") == 0)
            passthrough = 1;
        if (!passthrough && (strcmp(a, "--catalog") == 0 || strcmp(a, "--sysfs-root") == 0)) {
            if (i + 1 >= argc) {
                aw_tool_error("%s needs a value", a);
                exit_code = AW_EXIT_USAGE;
                goto out;
            }
            if (strcmp(a, "--catalog") == 0) {
                if (n_catalog_files == MAX_CATALOG_FILES) {
                    aw_tool_error("at most %d --catalog files", MAX_CATALOG_FILES);
                    exit_code = AW_EXIT_USAGE;
                    goto out;
                }
                catalog_files[n_catalog_files++] = argv[++i];
            } else {
                ctx.sysfs_root = argv[++i];
            }
            continue;
        }
        if (!passthrough && strncmp(a, "--catalog=", 10) == 0) {
            if (n_catalog_files == MAX_CATALOG_FILES) {
                aw_tool_error("at most %d --catalog files", MAX_CATALOG_FILES);
                exit_code = AW_EXIT_USAGE;
                goto out;
            }
            catalog_files[n_catalog_files++] = a + 10;
            continue;
        }
        if (!passthrough && strcmp(a, "--wide") == 0) {
            ctx.view.wide = 1;
            continue;
        }
        if (!passthrough && strcmp(a, "--precise") == 0) {
            ctx.view.precise = 1;
            continue;
        }
        if (!passthrough && nargs == 0 && strcmp(a, "--format") == 0 && i + 1 < argc) {
            format_before[0] = a;
            format_before[1] = argv[++i];
            continue;
        }
        if (!passthrough && nargs == 0 && strncmp(a, "--format=", 9) == 0) {
            format_before[0] = a;
            format_before[1] = NULL;
            continue;
        }
        if (!passthrough && strncmp(a, "--sysfs-root=", 13) == 0) {
            ctx.sysfs_root = a + 13;
            continue;
        }
        /* The NVML library to load: on the command line only, when it
         * matters (root, setuid), since a library is code that runs. */
        if (!passthrough && strcmp(a, "--nvml-library") == 0) {
            if (i + 1 >= argc) {
                aw_tool_error("%s needs a value", a);
                exit_code = AW_EXIT_USAGE;
                goto out;
            }
            ctx.nvml_library = argv[++i];
            ctx.nvml_from_env = 0;
            continue;
        }
        if (!passthrough && nargs == 0) {
            const struct aw_cmd *c = find_command(a);
            if (c != NULL && (c->flags & AW_CMDF_TAKES_COMMAND))
                passthrough = 1; /* what follows is the command's, and its command's */
        }
        args[nargs++] = argv[i];
        if (nargs == 1 && format_before[0] != NULL && find_command(args[0]) != NULL) {
            args[nargs++] = (char *)format_before[0];
            if (format_before[1] != NULL)
                args[nargs++] = (char *)format_before[1];
            format_before[0] = NULL;
        }
    }
    if (ctx.sysfs_root == NULL || ctx.sysfs_root[0] == '\0')
        ctx.sysfs_root = "/";

    if (nargs == 0) {
        print_overview(stderr);
        exit_code = AW_EXIT_USAGE;
        goto out;
    }
    if (strcmp(args[0], "--version") == 0 || strcmp(args[0], "version") == 0) {
        /* The program's version is the headers' it was built with (one
         * source: aiwatt/version.h, generated from CMakeLists.txt); the
         * library's is the one linked at run time. */
        printf("aiwatt %s (libaiwatt %s)\n", AIWATT_VERSION_STRING, aw_version());
        goto out;
    }
    if (strcmp(args[0], "-h") == 0 || strcmp(args[0], "--help") == 0) {
        print_overview(stdout);
        goto out;
    }
    if (strcmp(args[0], "help") == 0) {
        if (nargs < 2)
            print_overview(stdout);
        else
            exit_code = command_help(args[1]);
        goto out;
    }
    const struct aw_cmd *cmd = find_command(args[0]);
    if (cmd == NULL) {
        aw_tool_error("unknown command '%s'", args[0]);
        aw_tool_hint("'aiwatt help' lists the commands");
        exit_code = AW_EXIT_USAGE;
        goto out;
    }
    for (int i = 1; !(cmd->flags & AW_CMDF_TAKES_COMMAND) && i < nargs; i++) {
        if (strcmp(args[i], "--") == 0)
            break;
        if (strcmp(args[i], "-h") == 0 || strcmp(args[i], "--help") == 0) {
            aw_tool_print_usage(cmd, stdout);
            goto out;
        }
    }
    /* The one option prologue: every command's options are parsed here,
     * before the catalog loads, so a usage error costs nothing. */
    ctx.cmd = cmd;
    ctx.argc = nargs;
    ctx.argv = args;
    if (!(cmd->flags & AW_CMDF_OWN_PARSER)) {
        exit_code = aw_tool_options(cmd, nargs, args, &ctx.opts);
        if (exit_code != AW_EXIT_OK || ctx.opts.done)
            goto out;
    }
    if ((cmd->flags & AW_CMDF_CATALOG) || n_catalog_files > 0) {
        struct aw_diag diag;
        aw_diag_clear(&diag);
        aw_status st = aw_catalog_new(&ctx.catalog);
        if (st == AW_OK)
            st = aw_catalog_load_default_sections(ctx.catalog, cmd->catalog_sections, &diag);
        for (int i = 0; st == AW_OK && i < n_catalog_files; i++)
            st = aw_catalog_merge_file(ctx.catalog, catalog_files[i], &diag);
        if (st != AW_OK) {
            exit_code = aw_tool_fail(st, &diag);
            goto out;
        }
    }
    exit_code = cmd->run(&ctx);
out:
    if (fflush(stdout) != 0 && exit_code == AW_EXIT_OK) {
        aw_tool_error("cannot write to standard output");
        exit_code = AW_EXIT_FAIL;
    }
    aw_catalog_free(ctx.catalog);
    free(args);
    return exit_code;
}
