// Debian's libopenblas-dev puts cblas.h in the multiarch include folder (and, through
// alternatives, in /usr/include); <cblas.h> resolves to it on amd64 and arm64 alike.
#include <cblas.h>
