/* values.c — (being written) */
