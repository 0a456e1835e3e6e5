#ifndef ADVGLUE_CURLSHIM_H
#define ADVGLUE_CURLSHIM_H

#include <stddef.h>

/// One HTTP exchange's outcome. `curl_code` is libcurl's CURLcode (0: a response came
/// back, whatever its status); `body` is malloc'ed (free with advglue_http_result_free).
typedef struct advglue_http_result {
    int curl_code;
    long status;
    char *body;
    size_t length;
    /// The final response's Retry-After value, "" when absent.
    char retry_after[128];
    /// libcurl's own words for a failure: its error buffer, or curl_easy_strerror.
    char error[512];
    /// Non-zero when the reply was cut off at `max_body` bytes.
    int too_large;
} advglue_http_result;

/// Loads libcurl (dlopen, once per process). Returns 0, or -1 with the reason in `error`.
int advglue_curl_load(char *error, size_t error_size);

/// A connection-keeping handle (a CURL easy handle); NULL when libcurl is not loaded.
void *advglue_curl_handle_new(void);
void advglue_curl_handle_free(void *handle);

/// One request on `handle` (which keeps its connection alive for the next): POST of
/// `body_length` bytes at `body` when `post` is non-zero, else GET. `headers` are complete "Name: value" lines. TLS
/// certificates are verified against the system's trust store; the whole exchange is
/// limited to `timeout_ms`, and a reply body to `max_body` bytes (0: no limit), past
/// which the transfer stops with `too_large` set. Blocks the calling thread.
void advglue_curl_perform(void *handle, const char *url, int post, const char *body, size_t body_length,
                          const char *const *headers, size_t header_count, long timeout_ms, size_t max_body,
                          advglue_http_result *result);

void advglue_http_result_free(advglue_http_result *result);

#endif
