#include "icushim.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uspoof.h>
#include <unicode/uversion.h>
#include <unicode/utypes.h>

/* Opening a word break iterator loads ICU's rules and costs far more than segmenting a
 * short sentence, so each thread keeps one for the root locale and resets its text. */
static __thread UBreakIterator *cached_root_iterator = NULL;

int32_t advglue_icu_word_segments(const uint16_t *text, int32_t length, const char *locale,
                                  int32_t *starts, int32_t *ends, int32_t *statuses,
                                  int32_t capacity, int32_t *error_code) {
    UErrorCode status = U_ZERO_ERROR;
    *error_code = 0;
    if (length == 0) {
        return 0;
    }
    int is_root = locale == NULL || locale[0] == 0;
    UBreakIterator *it = NULL;
    if (is_root && cached_root_iterator != NULL) {
        it = cached_root_iterator;
        ubrk_setText(it, (const UChar *)text, length, &status);
    } else {
        it = ubrk_open(UBRK_WORD, is_root ? "" : locale, (const UChar *)text, length, &status);
        if (is_root && U_SUCCESS(status)) {
            cached_root_iterator = it;
        }
    }
    if (U_FAILURE(status)) {
        *error_code = (int32_t)status;
        return -1;
    }
    int32_t count = 0;
    int32_t start = ubrk_first(it);
    for (int32_t end = ubrk_next(it); end != UBRK_DONE; end = ubrk_next(it)) {
        if (count >= capacity) {
            break;
        }
        starts[count] = start;
        ends[count] = end;
        statuses[count] = ubrk_getRuleStatus(it);
        count += 1;
        start = end;
    }
    if (!is_root) {
        ubrk_close(it);
    }
    return count;
}

int32_t advglue_icu_confusable_skeleton(const uint16_t *text, int32_t length,
                                        uint16_t *out, int32_t capacity, int32_t *error_code) {
    UErrorCode status = U_ZERO_ERROR;
    *error_code = 0;
    USpoofChecker *checker = uspoof_open(&status);
    if (U_FAILURE(status)) {
        *error_code = (int32_t)status;
        return -1;
    }
    int32_t n = uspoof_getSkeleton(checker, 0, (const UChar *)text, length, (UChar *)out, capacity, &status);
    uspoof_close(checker);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        return n;
    }
    if (U_FAILURE(status)) {
        *error_code = (int32_t)status;
        return -1;
    }
    return n;
}

void advglue_icu_version(char *out) {
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, out);
}

const char *advglue_icu_error_name(int32_t error_code) {
    return u_errorName((UErrorCode)error_code);
}
