/* func.c — (being written) */
