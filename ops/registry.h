/* registry.h: the built-in operators, for the newsmill program. */
#ifndef NM_REGISTRY_H
#define NM_REGISTRY_H

#include <stddef.h>

#include "newsmill/nm_op.h"

/* Every built-in operator, in ops.def order; *count receives how many. */
const nm_op *const *nm_registry(size_t *count);

/* The operator called name, or NULL. */
const nm_op *nm_registry_find(const char *name, size_t name_len);

#endif
