/* table.c — (being written) */
