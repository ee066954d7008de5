#ifndef PEOPLESYNC_CMICROHTTPD_SHIM_H
#define PEOPLESYNC_CMICROHTTPD_SHIM_H
#include <stdint.h>
#include <stddef.h>
#include <string.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>

/* Swift cannot call MHD_start_daemon (it is variadic), so the options go through this wrapper. */

/* Query strings from browsers and Python clients encode spaces as '+': decode it with %XX. */
static inline size_t peoplesync_mhd_unescape(void *cls, struct MHD_Connection *connection, char *text) {
  (void)cls;
  (void)connection;
  char *out = text;
  for (const char *in = text; *in; in++) {
    if (*in == '+') {
      *out++ = ' ';
    } else if (*in == '%' && in[1] && in[2]) {
      char hex[3] = {in[1], in[2], 0};
      char *end = NULL;
      long value = strtol(hex, &end, 16);
      if (end == hex + 2 && value > 0) {
        *out++ = (char)value;
        in += 2;
      } else {
        *out++ = *in;
      }
    } else {
      *out++ = *in;
    }
  }
  *out = 0;
  return (size_t)(out - text);
}

/* Options given as 0 or NULL are left at libmicrohttpd's defaults; the TLS ones only with a key. */
static inline struct MHD_Daemon *peoplesync_mhd_start(
    unsigned int flags, const struct sockaddr *address, MHD_AccessHandlerCallback handler, void *handler_cls,
    MHD_RequestCompletedCallback completed, void *completed_cls, const char *tls_key, const char *tls_cert,
    const char *tls_priorities, unsigned int connection_timeout, size_t memory_limit, unsigned int connection_limit,
    unsigned int per_ip_connection_limit) {
  struct MHD_OptionItem options[12];
  int count = 0;
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, (void *)address};
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, completed_cls};
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_UNESCAPE_CALLBACK, (intptr_t)peoplesync_mhd_unescape, NULL};
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout, NULL};
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT, (intptr_t)memory_limit, NULL};
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, connection_limit, NULL};
  if (per_ip_connection_limit) {
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip_connection_limit, NULL};
  }
  if (tls_key) {
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)tls_key};
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)tls_cert};
    if (tls_priorities) options[count++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)tls_priorities};
  }
  options[count++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
  return MHD_start_daemon(flags | (tls_key ? MHD_USE_TLS : 0), 0, NULL, NULL, handler, handler_cls, MHD_OPTION_ARRAY, options,
                          MHD_OPTION_END);
}

/* The port the daemon listens on (when asked for port 0). */
static inline uint16_t peoplesync_mhd_port(struct MHD_Daemon *daemon) {
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
  return info ? info->port : 0;
}

/* Constants of enums Swift imports under other names (closed and flag enums). */
static inline enum MHD_Result peoplesync_mhd_yes(void) { return MHD_YES; }
static inline enum MHD_Result peoplesync_mhd_no(void) { return MHD_NO; }
static inline enum MHD_ValueKind peoplesync_mhd_header_kind(void) { return MHD_HEADER_KIND; }
static inline enum MHD_ValueKind peoplesync_mhd_argument_kind(void) { return MHD_GET_ARGUMENT_KIND; }

static inline struct MHD_Response *peoplesync_mhd_response_copy(size_t size, const void *bytes) {
  return MHD_create_response_from_buffer(size, (void *)bytes, MHD_RESPMEM_MUST_COPY);
}

#endif
