#ifndef PEOPLESYNC_CZLIB_SHIM_H
#define PEOPLESYNC_CZLIB_SHIM_H
#include <zlib.h>
#endif
