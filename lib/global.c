/* global.c — (being written) */
