#ifndef PEOPLESYNC_CSODIUM_SHIM_H
#define PEOPLESYNC_CSODIUM_SHIM_H
#include <sodium.h>
#endif
