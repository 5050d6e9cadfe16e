/* store.c — (being written) */
