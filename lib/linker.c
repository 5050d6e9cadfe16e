/* linker.c — (being written) */
