/* const.c — (being written) */
