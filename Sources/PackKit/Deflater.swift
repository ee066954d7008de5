import CZlib

/// One zlib stream, reset for each object: setting a stream up costs more than compressing a small entry.
final class Deflater: @unchecked Sendable {
  private var stream = z_stream()

  init() throws {
    guard deflateInit_(&stream, Z_BEST_SPEED, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw GitError(code: -1, message: "zlib could not start a deflate stream")
    }
  }

  deinit { deflateEnd(&stream) }

  /// The zlib-compressed form of `bytes`, as pack entries hold them.
  func deflate(_ bytes: [UInt8], store: Bool = false) throws -> [UInt8] { try bytes.withUnsafeBytes { try deflate($0, store: store) } }

  /// With `store`, the zlib stream holds `bytes` uncompressed, for data that would not shrink.
  func deflate(_ bytes: UnsafeRawBufferPointer, store: Bool = false) throws -> [UInt8] {
    deflateReset(&stream)
    // Parameters change before any input, so they apply to the whole stream; the next object starts at the fast level again.
    deflateParams(&stream, store ? Z_NO_COMPRESSION : Z_BEST_SPEED, Z_DEFAULT_STRATEGY)
    defer { if store { deflateParams(&stream, Z_BEST_SPEED, Z_DEFAULT_STRATEGY) } }
    var out = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))))
    let rc = bytes.withMemoryRebound(to: UInt8.self) { input in
      out.withUnsafeMutableBufferPointer { output -> Int32 in
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress
        stream.avail_out = uInt(output.count)
        return CZlib.deflate(&stream, Z_FINISH)
      }
    }
    guard rc == Z_STREAM_END else { throw GitError(code: -1, message: "zlib could not compress an object (\(rc))") }
    out.removeSubrange(Int(stream.total_out)...)
    return out
  }
}
