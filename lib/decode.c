/* decode.c — (being written) */
