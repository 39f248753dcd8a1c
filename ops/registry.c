/* registry.c: expands ops.def into the table of built-in operators. */
#include "registry.h"

#include <string.h>

#define NM_OP(name) extern const nm_op nm_op_##name;
#include "ops.def"
#undef NM_OP

static const nm_op *const registry[] = {
#define NM_OP(name) &nm_op_##name,
#include "ops.def"
#undef NM_OP
};

const nm_op *const *nm_registry(size_t *count)
{
    *count = sizeof registry / sizeof registry[0];
    return registry;
}

const nm_op *nm_registry_find(const char *name, size_t name_len)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strlen(registry[i]->name) == name_len && strncmp(registry[i]->name, name, name_len) == 0)
            return registry[i];
    return NULL;
}
