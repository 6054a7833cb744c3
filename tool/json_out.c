/*
 * json_out.c - a JSON record as an indented tree for people (json_out.h).
 */
#include <stdio.h>
#include <jansson.h>
#include "json_out.h"

/* One JSON scalar as text: strings as they are, numbers with every digit
 * and no exponent, integers as written (a year stays 2022). */
static void scalar_text(const struct aw_view *view, json_t *v, char *out, size_t len)
{
    struct aw_view all = *view;
    all.precise = 1;
    if (json_is_string(v))
        snprintf(out, len, "%s", json_string_value(v));
    else if (json_is_integer(v))
        snprintf(out, len, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        snprintf(out, len, "%s", aw_fmt_num(&all, json_real_value(v), AW_SIG_PRECISE).s);
    else if (json_is_true(v))
        snprintf(out, len, "true");
    else if (json_is_false(v))
        snprintf(out, len, "false");
    else if (json_is_null(v))
        snprintf(out, len, "-");
    else
        out[0] = '\0';
}

static int is_scalar_array(json_t *v)
{
    if (!json_is_array(v))
        return 0;
    size_t i;
    json_t *x;
    json_array_foreach(v, i, x) {
        if (json_is_object(x) || json_is_array(x))
            return 0;
    }
    return 1;
}

/* A catalog record for people: one key per line, nested records indented,
 * a number with a range as "75 (60-90), estimate" and its source under it,
 * long text wrapped to the terminal. */
void aw_tool_print_json_tree(const struct aw_view *view, json_t *obj, int indent)
{
    struct aw_table *t = NULL;
    const char *key;
    json_t *v;
    char text[1024], a[64], b[64], c[64];
    json_object_foreach(obj, key, v) {
        int ranged = json_is_object(v) && json_object_get(v, "value") != NULL &&
                     !json_is_object(json_object_get(v, "value"));
        if (json_is_object(v) && !ranged) {
            if (t != NULL) {
                aw_table_done(t, stdout);
                t = NULL;
            }
            aw_text_print(view, stdout, indent, indent + 2, "%s", key);
            aw_tool_print_json_tree(view, v, indent + 2);
            continue;
        }
        if (json_is_array(v) && !is_scalar_array(v)) {
            if (t != NULL) {
                aw_table_done(t, stdout);
                t = NULL;
            }
            aw_text_print(view, stdout, indent, indent + 2, "%s", key);
            size_t i;
            json_t *x;
            json_array_foreach(v, i, x) {
                if (json_is_object(x)) {
                    aw_tool_print_json_tree(view, x, indent + 2);
                } else {
                    scalar_text(view, x, text, sizeof text);
                    aw_text_print(view, stdout, indent + 2, indent + 4, "%s", text);
                }
            }
            continue;
        }
        if (t == NULL) {
            t = aw_table_new(view, indent);
            aw_table_col(t, NULL, AW_COL_LEFT, AW_KEEP);
            aw_table_col(t, NULL, AW_COL_WRAP, AW_KEEP);
        }
        aw_table_cell(t, "%s", key);
        if (ranged) {
            json_t *conf = json_object_get(v, "confidence"), *src = json_object_get(v, "source");
            scalar_text(view, json_object_get(v, "value"), a, sizeof a);
            char range[140] = "";
            if (json_object_get(v, "low") != NULL && json_object_get(v, "high") != NULL) {
                scalar_text(view, json_object_get(v, "low"), b, sizeof b);
                scalar_text(view, json_object_get(v, "high"), c, sizeof c);
                snprintf(range, sizeof range, " (%s-%s)", b, c);
            }
            aw_table_cell(t, "%s%s%s%s", a, range, json_is_string(conf) ? ", " : "",
                          json_is_string(conf) ? json_string_value(conf) : "");
            if (json_is_string(src)) {
                aw_table_cell(t, "%s", "");
                aw_table_cell(t, "source: %s", json_string_value(src));
            }
        } else if (json_is_array(v)) {
            size_t i, used = 0;
            json_t *x;
            text[0] = '\0';
            json_array_foreach(v, i, x) {
                char one[256];
                scalar_text(view, x, one, sizeof one);
                if (used < sizeof text)
                    used += (size_t)snprintf(text + used, sizeof text - used, "%s%s",
                                             i ? ", " : "", one);
            }
            aw_table_cell(t, "%s", text);
        } else {
            scalar_text(view, v, text, sizeof text);
            aw_table_cell(t, "%s", text);
        }
    }
    if (t != NULL) {
        aw_table_done(t, stdout);
    }
}

