/* op_config.h: operator option blocks: parsing "KEY=VALUE" settings against
 * an operator's option table, and writing a block back out as JSON. */
#ifndef NM_OP_CONFIG_H
#define NM_OP_CONFIG_H

#include "newsmill/nm_buf.h"
#include "newsmill/nm_op.h"

/* Writes {"key": value, ...} for every option of op, in table order. */
void nm_config_write_json(const nm_op *op, const void *config, nm_jw *w);

/* "min_n, max_n, span" : the option names, for messages. */
void nm_config_names(const nm_op *op, char *out, size_t out_size);

#endif
