/* memory.c — (being written) */
