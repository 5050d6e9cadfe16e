/* errno.c — host errno (and libuv error) to WASI errno, and WASI errno names for messages and tests. */
#include <errno.h>

#include "internal.h"

uint16_t lw_wasi_errno(int e)
{
    switch (e) {
    case 0: return LWASI_ESUCCESS;
    case E2BIG: return LWASI_E2BIG;
    case EACCES: return LWASI_EACCES;
    case EADDRINUSE: return LWASI_EADDRINUSE;
    case EADDRNOTAVAIL: return LWASI_EADDRNOTAVAIL;
    case EAFNOSUPPORT: return LWASI_EAFNOSUPPORT;
    case EAGAIN: return LWASI_EAGAIN;
    case EALREADY: return LWASI_EALREADY;
    case EBADF: return LWASI_EBADF;
    case EBADMSG: return LWASI_EBADMSG;
    case EBUSY: return LWASI_EBUSY;
    case ECANCELED: return LWASI_ECANCELED;
    case ECHILD: return LWASI_ECHILD;
    case ECONNABORTED: return LWASI_ECONNABORTED;
    case ECONNREFUSED: return LWASI_ECONNREFUSED;
    case ECONNRESET: return LWASI_ECONNRESET;
    case EDEADLK: return LWASI_EDEADLK;
    case EDESTADDRREQ: return LWASI_EDESTADDRREQ;
    case EDOM: return LWASI_EDOM;
    case EDQUOT: return LWASI_EDQUOT;
    case EEXIST: return LWASI_EEXIST;
    case EFAULT: return LWASI_EFAULT;
    case EFBIG: return LWASI_EFBIG;
    case EHOSTUNREACH: return LWASI_EHOSTUNREACH;
    case EIDRM: return LWASI_EIDRM;
    case EILSEQ: return LWASI_EILSEQ;
    case EINPROGRESS: return LWASI_EINPROGRESS;
    case EINTR: return LWASI_EINTR;
    case EINVAL: return LWASI_EINVAL;
    case EIO: return LWASI_EIO;
    case EISCONN: return LWASI_EISCONN;
    case EISDIR: return LWASI_EISDIR;
    case ELOOP: return LWASI_ELOOP;
    case EMFILE: return LWASI_EMFILE;
    case EMLINK: return LWASI_EMLINK;
    case EMSGSIZE: return LWASI_EMSGSIZE;
    case EMULTIHOP: return LWASI_EMULTIHOP;
    case ENAMETOOLONG: return LWASI_ENAMETOOLONG;
    case ENETDOWN: return LWASI_ENETDOWN;
    case ENETRESET: return LWASI_ENETRESET;
    case ENETUNREACH: return LWASI_ENETUNREACH;
    case ENFILE: return LWASI_ENFILE;
    case ENOBUFS: return LWASI_ENOBUFS;
    case ENODEV: return LWASI_ENODEV;
    case ENOENT: return LWASI_ENOENT;
    case ENOEXEC: return LWASI_ENOEXEC;
    case ENOLCK: return LWASI_ENOLCK;
    case ENOLINK: return LWASI_ENOLINK;
    case ENOMEM: return LWASI_ENOMEM;
    case ENOMSG: return LWASI_ENOMSG;
    case ENOPROTOOPT: return LWASI_ENOPROTOOPT;
    case ENOSPC: return LWASI_ENOSPC;
    case ENOSYS: return LWASI_ENOSYS;
    case ENOTCONN: return LWASI_ENOTCONN;
    case ENOTDIR: return LWASI_ENOTDIR;
    case ENOTEMPTY: return LWASI_ENOTEMPTY;
    case ENOTRECOVERABLE: return LWASI_ENOTRECOVERABLE;
    case ENOTSOCK: return LWASI_ENOTSOCK;
    case ENOTSUP: return LWASI_ENOTSUP; /* also EOPNOTSUPP on Linux */
    case ENOTTY: return LWASI_ENOTTY;
    case ENXIO: return LWASI_ENXIO;
    case EOVERFLOW: return LWASI_EOVERFLOW;
    case EOWNERDEAD: return LWASI_EOWNERDEAD;
    case EPERM: return LWASI_EPERM;
    case EPIPE: return LWASI_EPIPE;
    case EPROTO: return LWASI_EPROTO;
    case EPROTONOSUPPORT: return LWASI_EPROTONOSUPPORT;
    case EPROTOTYPE: return LWASI_EPROTOTYPE;
    case ERANGE: return LWASI_ERANGE;
    case EROFS: return LWASI_EROFS;
    case ESPIPE: return LWASI_ESPIPE;
    case ESRCH: return LWASI_ESRCH;
    case ESTALE: return LWASI_ESTALE;
    case ETIMEDOUT: return LWASI_ETIMEDOUT;
    case ETXTBSY: return LWASI_ETXTBSY;
    case EXDEV: return LWASI_EXDEV;
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK: return LWASI_EAGAIN;
#endif
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return LWASI_ENOTSUP;
#endif
    default: return LWASI_EIO; /* a host error WASI has no name for */
    }
}

uint16_t lw_wasi_uv_errno(int uv_err) { return lw_wasi_errno(uv_err < 0 ? -uv_err : uv_err); }

static const char *const lw_wasi_errno_names[] = {
    "SUCCESS", "2BIG", "ACCES", "ADDRINUSE", "ADDRNOTAVAIL", "AFNOSUPPORT", "AGAIN", "ALREADY", "BADF", "BADMSG",
    "BUSY", "CANCELED", "CHILD", "CONNABORTED", "CONNREFUSED", "CONNRESET", "DEADLK", "DESTADDRREQ", "DOM",
    "DQUOT", "EXIST", "FAULT", "FBIG", "HOSTUNREACH", "IDRM", "ILSEQ", "INPROGRESS", "INTR", "INVAL", "IO",
    "ISCONN", "ISDIR", "LOOP", "MFILE", "MLINK", "MSGSIZE", "MULTIHOP", "NAMETOOLONG", "NETDOWN", "NETRESET",
    "NETUNREACH", "NFILE", "NOBUFS", "NODEV", "NOENT", "NOEXEC", "NOLCK", "NOLINK", "NOMEM", "NOMSG",
    "NOPROTOOPT", "NOSPC", "NOSYS", "NOTCONN", "NOTDIR", "NOTEMPTY", "NOTRECOVERABLE", "NOTSOCK", "NOTSUP",
    "NOTTY", "NXIO", "OVERFLOW", "OWNERDEAD", "PERM", "PIPE", "PROTO", "PROTONOSUPPORT", "PROTOTYPE", "RANGE",
    "ROFS", "SPIPE", "SRCH", "STALE", "TIMEDOUT", "TXTBSY", "XDEV", "NOTCAPABLE",
};

const char *lw_wasi_errno_name(uint16_t e)
{
    if (e < sizeof lw_wasi_errno_names / sizeof lw_wasi_errno_names[0])
        return lw_wasi_errno_names[e];
    return "?";
}
