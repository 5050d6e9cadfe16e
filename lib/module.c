/* module.c — (being written) */
