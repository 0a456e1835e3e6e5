import AdvGlueSupport
import COpenBLAS
import Foundation

/// OpenBLAS, loaded at run time on first use of the encoder.
///
/// Single-threaded: the encoder splits every product across cores itself. Left to its
/// own threads, OpenBLAS spins (sched_yield) between calls and competes with the
/// attention and GELU work on the same two cores: 13% of a forward pass.
enum BLAS {
    typealias SGEMM =
        @convention(c) (
            CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, Int32, Int32, Int32, Float,
            UnsafePointer<Float>?, Int32, UnsafePointer<Float>?, Int32, Float,
            UnsafeMutablePointer<Float>?, Int32
        ) -> Void
    typealias SetThreads = @convention(c) (Int32) -> Void

    struct Library: @unchecked Sendable {
        // Unchecked: C function pointers, immutable once resolved.
        let sgemm: SGEMM
    }

    static let names = ["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib"]

    private static let loaded: Result<Library, AdvGlueError> = {
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else {
            return .failure(
                AdvGlueError(
                    .notFound, "cannot load OpenBLAS (\(String(cString: dlerror())))",
                    hint: "install it with `apt-get install libopenblas-dev` (scripts/setup.sh does it)",
                    at: .file(names[0])))
        }
        guard let sgemm = dlsym(handle, "cblas_sgemm") else {
            return .failure(AdvGlueError(.badData, "has no cblas_sgemm", at: .file(names[0])))
        }
        if let setThreads = dlsym(handle, "openblas_set_num_threads") {
            unsafeBitCast(setThreads, to: SetThreads.self)(1)
        }
        return .success(Library(sgemm: unsafeBitCast(sgemm, to: SGEMM.self)))
    }()

    /// Loads the library; the encoder calls this before any product.
    static func load() throws(AdvGlueError) {
        if case .failure(let error) = loaded { throw error }
    }

    /// `cblas_sgemm`, row-major: C = alpha · op(A) · op(B) + beta · C.
    @inline(__always)
    static func sgemm(
        transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard case .success(let library) = loaded else { preconditionFailure("BLAS.load() must succeed before sgemm") }
        library.sgemm(
            CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans, Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
