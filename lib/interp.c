/* interp.c — (being written) */
