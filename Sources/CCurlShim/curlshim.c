// libcurl, loaded with dlopen on first use rather than linked: linking it (as
// FoundationNetworking does) maps libcurl and 34 libraries it needs into every advglue
// process, about 7 ms of each start-up, while only KServe models speak HTTP.
// The constants below are libcurl's stable ABI (curl/curl.h, 7.x and 8.x).
#include "curlshim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef void CURL;
struct curl_slist;
typedef int CURLcode;

enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_WRITEFUNCTION = 20011,
    OPT_POSTFIELDS = 10015, OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029, OPT_NOPROGRESS = 43,
    OPT_POST = 47, OPT_HEADERFUNCTION = 20079, OPT_HTTPGET = 80, OPT_NOSIGNAL = 99,
    OPT_POSTFIELDSIZE_LARGE = 30120, OPT_TIMEOUT_MS = 155, OPT_CONNECTTIMEOUT_MS = 156,
    INFO_RESPONSE_CODE = 0x200000 + 2,
    GLOBAL_ALL = 3,
    ERROR_SIZE = 256, // CURL_ERROR_SIZE
};

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    void (*easy_reset)(CURL *);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char load_error[512];
static int loaded;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcurl (%s)", why ? why : "libcurl.so.4 not found");
        return;
    }
#define RESOLVE(field, symbol)                                                                        \
    if (!(*(void **)&curl.field = dlsym(library, symbol))) {                                         \
        snprintf(load_error, sizeof load_error, "the libcurl found has no %s", symbol);              \
        return;                                                                                       \
    }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_reset, "curl_easy_reset")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_getinfo, "curl_easy_getinfo")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
#undef RESOLVE
    // Once, before any handle exists: curl_global_init is not safe to race.
    if (curl.global_init(GLOBAL_ALL) != 0) {
        snprintf(load_error, sizeof load_error, "curl_global_init failed");
        return;
    }
    loaded = 1;
}

int advglue_curl_load(char *error, size_t error_size) {
    pthread_once(&once, load);
    if (loaded) return 0;
    if (error && error_size) snprintf(error, error_size, "%s", load_error);
    return -1;
}

void *advglue_curl_handle_new(void) {
    if (advglue_curl_load(NULL, 0) != 0) return NULL;
    return curl.easy_init();
}

void advglue_curl_handle_free(void *handle) {
    if (handle && loaded) curl.easy_cleanup(handle);
}

typedef struct {
    char *bytes;
    size_t length, capacity, limit;
    int failed; // 1: out of memory, 2: over the limit
} buffer;

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    buffer *b = context;
    size_t n = size * count;
    if (b->limit && b->length + n > b->limit) {
        b->failed = 2;
        return 0; // makes libcurl stop with CURLE_WRITE_ERROR, before the reply fills memory
    }
    if (b->length + n + 1 > b->capacity) {
        size_t capacity = b->capacity ? b->capacity : 4096;
        while (capacity < b->length + n + 1) capacity *= 2;
        char *grown = realloc(b->bytes, capacity);
        if (!grown) {
            b->failed = 1;
            return 0; // makes libcurl stop with CURLE_WRITE_ERROR
        }
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->length, data, n);
    b->length += n;
    return n;
}

// Header lines of every response in the exchange arrive here; a status line starts a
// new response, so only the final one's Retry-After is kept.
static size_t on_header(char *data, size_t size, size_t count, void *context) {
    advglue_http_result *result = context;
    size_t n = size * count;
    static const char name[] = "retry-after:";
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        result->retry_after[0] = 0;
    } else if (n > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
        size_t start = sizeof name - 1, end = n;
        while (start < end && (data[start] == ' ' || data[start] == '\t')) start++;
        while (end > start && (data[end - 1] == '\r' || data[end - 1] == '\n' || data[end - 1] == ' ')) end--;
        size_t length = end - start < sizeof result->retry_after - 1 ? end - start : sizeof result->retry_after - 1;
        memcpy(result->retry_after, data + start, length);
        result->retry_after[length] = 0;
    }
    return n;
}

void advglue_curl_perform(void *handle, const char *url, int post, const char *body, size_t body_length,
                          const char *const *headers, size_t header_count, long timeout_ms, size_t max_body,
                          advglue_http_result *result) {
    memset(result, 0, sizeof *result);
    char error[ERROR_SIZE] = {0};
    buffer received = {0};
    received.limit = max_body;
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) {
        struct curl_slist *longer = curl.slist_append(list, headers[i]);
        if (!longer) {
            curl.slist_free_all(list);
            result->curl_code = 27; // CURLE_OUT_OF_MEMORY
            snprintf(result->error, sizeof result->error, "out of memory building the request headers");
            return;
        }
        list = longer;
    }
    // Reset keeps the handle's live connection (and TLS session), so it is reused.
    curl.easy_reset(handle);
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L); // threads: no SIGALRM for timeouts
    curl.easy_setopt(handle, OPT_NOPROGRESS, 1L);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(handle, OPT_WRITEDATA, &received);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(handle, OPT_HEADERDATA, result);
    if (list) curl.easy_setopt(handle, OPT_HTTPHEADER, list);
    if (post) {
        curl.easy_setopt(handle, OPT_POST, 1L);
        curl.easy_setopt(handle, OPT_POSTFIELDS, body ? body : "");
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE_LARGE, (int64_t)body_length);
    } else {
        curl.easy_setopt(handle, OPT_HTTPGET, 1L);
    }
    CURLcode code = curl.easy_perform(handle);
    curl.slist_free_all(list);
    result->curl_code = code;
    if (code == 0) {
        long status = 0;
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &status);
        result->status = status;
        result->body = received.bytes;
        result->length = received.length;
    } else {
        free(received.bytes);
        snprintf(result->error, sizeof result->error, "%s", error[0] ? error : curl.easy_strerror(code));
        size_t length = strlen(result->error);
        while (length > 0 && result->error[length - 1] == '\n') result->error[--length] = 0;
        if (received.failed == 1) snprintf(result->error, sizeof result->error, "out of memory reading the response");
        if (received.failed == 2) {
            result->too_large = 1;
            snprintf(result->error, sizeof result->error, "the reply is larger than %zu bytes", max_body);
        }
    }
}

void advglue_http_result_free(advglue_http_result *result) {
    free(result->body);
    result->body = NULL;
    result->length = 0;
}
