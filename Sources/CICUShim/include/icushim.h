#ifndef ADVGLUE_ICUSHIM_H
#define ADVGLUE_ICUSHIM_H

#include <stdint.h>

/// Segments UTF-16 `text` with ICU's word break iterator for `locale` ("" for root).
///
/// Writes up to `capacity` segments as [start, end) UTF-16 offsets with ICU's rule
/// status of the break that ends each segment (0 for spaces and punctuation,
/// 100-199 numbers, 200-299 letters, 300-399 kana, 400-499 ideographs).
/// Returns the number of segments, or -1 with `*error_code` set to ICU's UErrorCode.
/// A text of length n never has more than n segments, so `capacity >= length` suffices.
int32_t advglue_icu_word_segments(const uint16_t *text, int32_t length, const char *locale,
                                  int32_t *starts, int32_t *ends, int32_t *statuses,
                                  int32_t capacity, int32_t *error_code);

/// Writes the UTS #39 confusable skeleton of `text` into `out` (UTF-16).
/// Returns the skeleton's length; if it exceeds `capacity`, nothing useful is written
/// and the caller should retry with a buffer of the returned length. -1 on error.
int32_t advglue_icu_confusable_skeleton(const uint16_t *text, int32_t length,
                                        uint16_t *out, int32_t capacity, int32_t *error_code);

/// The ICU version string, such as "72.1", written into `out` (at least 32 bytes).
void advglue_icu_version(char *out);

/// A short human-readable name for an ICU error code.
const char *advglue_icu_error_name(int32_t error_code);

#endif
