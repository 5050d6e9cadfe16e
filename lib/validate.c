/* validate.c — (being written) */
