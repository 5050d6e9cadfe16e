/* instance.c — (being written) */
