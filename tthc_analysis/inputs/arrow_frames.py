"""pyarrow tables to pandas frames a column at a time, for every reader that reads with pyarrow
(CSV, Parquet) and for the cache's entries: a large export's table and frame are never held
whole together, as pyarrow's own ``Table.to_pandas`` holds them."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa


def frame_from_table(table, names: list | None = None) -> pd.DataFrame:
    """The table as a frame (its columns renamed ``names``), one column at a time: each leaves
    the table once converted and its memory goes back to the system before the next, so a
    10M-row export never holds its table and its frame whole at once, as pyarrow's own
    conversion does. Pass the table itself (``frame_from_table(read(...))``), not a name that
    keeps it: what the caller holds cannot be freed. pandas' metadata, when the table has
    it (a cache entry), gives each column its dtype as for the whole table; an index kept as
    a column (``__index_level_0__``) is not supported: the cache writes none."""
    pa.default_memory_pool().release_unused()  # what reading the table used
    rows, columns = table.num_rows, []
    for name in list(table.column_names):
        single = table.select([name])
        table = table.drop_columns([name])
        column = single.column(0)
        if pa.types.is_string(column.type):
            # pandas holds text as large_string: cast now, once (and no 2 GiB limit on one piece).
            column = column.cast(pa.large_string())
            single = single.set_column(0, single.field(0).with_type(column.type), column)
        if column.num_chunks > 1 and not pa.types.is_dictionary(column.type):
            # One piece now, while only this column is doubled: pandas would otherwise join the
            # pieces (of 10M ids, say) later, at the first selection, and keep the copy.
            single = single.set_column(0, single.field(0), column.combine_chunks())
        del column
        columns.append(single.to_pandas(split_blocks=True, self_destruct=True).iloc[:, 0])
        del single
        pa.default_memory_pool().release_unused()
    frame = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=pd.RangeIndex(rows))
    if names is not None:
        frame.columns = names
    return frame
