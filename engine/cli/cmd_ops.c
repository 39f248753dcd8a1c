/* cmd_ops.c: `newsmill ops [NAME]`: what each operator does, takes and writes. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "registry.h"

static const char *type_name(nm_opt_type t)
{
    switch (t) {
    case NM_OPT_INT: return "int";
    case NM_OPT_SIZE: return "size";
    case NM_OPT_DOUBLE: return "number";
    case NM_OPT_BOOL: return "bool";
    case NM_OPT_ENUM: return "enum";
    case NM_OPT_STRING: return "string";
    case NM_OPT_PATH: return "path";
    }
    return "?";
}

static void print_fields(const char *title, const nm_field *f)
{
    printf("  %s:\n", title);
    for (; f && f->name; f++)
        printf("    %-18s %-8s %s\n", f->name, f->type, f->help);
}

static void print_op(const nm_op *op)
{
    printf("%s: %s\n", op->name, op->summary);
    printf("  options (--set %s.KEY=VALUE):\n", op->name);
    if (op->options == NULL || op->options->name == NULL)
        printf("    (none)\n");
    for (const nm_opt *o = op->options; o && o->name; o++) {
        char range[96] = "";
        if (o->type == NM_OPT_INT || o->type == NM_OPT_SIZE || o->type == NM_OPT_DOUBLE)
            snprintf(range, sizeof range, " [%.15g .. %.15g]", o->min, o->max);
        else if (o->type == NM_OPT_ENUM)
            snprintf(range, sizeof range, " [%s]", o->choices);
        printf("    %-18s %-6s default %s%s\n      %s\n", o->name, type_name(o->type),
               o->def ? o->def : "(none)", range, o->help);
    }
    if (op->doc_fields)
        print_fields("per-document fields (docs.jsonl, under the key of the operator's name)",
                     op->doc_fields);
    if (op->aggregate_fields) {
        char title[160];
        snprintf(title, sizeof title, "corpus aggregate %s.jsonl, one line per record", op->name);
        print_fields(title, op->aggregate_fields);
        if (op->aggregate_order)
            printf("    order: %s\n", op->aggregate_order);
    }
}

int nm_cmd_ops(int argc, char **argv)
{
    size_t n = 0;
    const nm_op *const *ops = nm_registry(&n);
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        puts("usage: newsmill ops [NAME]\n\nLists every operator with its options (type, default, "
             "bounds, help) and output fields,\nor only operator NAME.");
        return NM_EXIT_OK;
    }
    if (argc > 2)
        return nm_cli_usage("ops", "too many arguments");
    if (argc == 2) {
        const nm_op *op = nm_registry_find(argv[1], strlen(argv[1]));
        if (op == NULL) {
            fprintf(stderr, "newsmill: unknown operator '%s'; operators:", argv[1]);
            for (size_t i = 0; i < n; i++)
                fprintf(stderr, "%s %s", i ? "," : "", ops[i]->name);
            fputc('\n', stderr);
            return NM_EXIT_USAGE;
        }
        print_op(op);
        return NM_EXIT_OK;
    }
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar('\n');
        print_op(ops[i]);
    }
    return NM_EXIT_OK;
}
