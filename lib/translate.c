/* translate.c — (being written) */
