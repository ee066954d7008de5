/// Parses CSV: RFC 4180 (Excel) and the original product's backslash-escaped variant,
/// UTF-8 with or without a byte order mark, CRLF or LF line ends.
public enum CSVParser {
  /// Records longer than this are refused: a real person's row is well under a kilobyte,
  /// so a longer one means a binary file or missing line breaks.
  public static let maxRecordBytes = 1 << 20

  /// What a scan found out about the file's format.
  public struct Dialect: Equatable, Sendable {
    /// The field delimiter found or configured.
    public var delimiter: UInt8
    /// The quoting that read the file: `rfc4180` or `backslash`.
    public var quoting: CSVOptions.Quoting
    /// True when the file started with a UTF-8 byte order mark.
    public var hadByteOrderMark: Bool
  }

  /// Parses a whole file into a table.
  public static func parse(_ bytes: UnsafeRawBufferPointer, delimiter: CSVOptions.Delimiter = .auto, quoting: CSVOptions.Quoting = .auto)
    -> Result<CSVTable, CSVError>
  {
    var table = CSVTable()
    let result = scan(bytes, delimiter: delimiter, quoting: quoting, restart: { table = CSVTable() }) { record in
      table.append(record)
      return true
    }
    return result.map { dialect in
      table.delimiter = dialect.delimiter
      table.quoting = dialect.quoting
      table.hadByteOrderMark = dialect.hadByteOrderMark
      return table
    }
  }

  /// Streams a file's records to `record` (return false to stop), without holding them all.
  /// When the automatic quoting falls back to backslash escapes, `restart` is called and the
  /// records are streamed again from the start.
  public static func scan(
    _ bytes: UnsafeRawBufferPointer, delimiter: CSVOptions.Delimiter = .auto, quoting: CSVOptions.Quoting = .auto,
    restart: () -> Void = {}, record: (CSVRecord) -> Bool
  ) -> Result<Dialect, CSVError> {
    let input = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
    var start = 0
    if input.count >= 2, (input[0] == 0xFF && input[1] == 0xFE) || (input[0] == 0xFE && input[1] == 0xFF) {
      return .failure(CSVError(kind: .encoding, line: 1, message: "the file is UTF-16; export it as UTF-8 (CSV UTF-8 in Excel)"))
    }
    let bom = input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF
    if bom { start = 3 }
    let body = UnsafeBufferPointer(rebasing: input[start...])
    if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      return .failure(CSVError(kind: .empty, line: 1, message: "the file is empty: a header line is required"))
    }
    if let problem = UTF8Check.firstInvalid(body) {
      return .failure(CSVError(kind: .encoding, line: problem.line, message: problem.message))
    }
    let separator = delimiter.byte ?? detectDelimiter(body)
    var used = quoting == .backslash ? CSVOptions.Quoting.backslash : .rfc4180
    var failure = run(body, separator: separator, backslash: used == .backslash, record: record)
    if quoting == .auto, let error = failure, error.kind == .textAfterQuote || error.kind == .unterminatedQuote {
      restart()
      if let second = run(body, separator: separator, backslash: true, record: record) {
        // Neither reading works: report the first, which is what a standard CSV reader would say.
        _ = second
      } else {
        failure = nil
        used = .backslash
      }
    }
    if let failure { return .failure(failure) }
    return .success(Dialect(delimiter: separator, quoting: used, hadByteOrderMark: bom))
  }

  /// Parses a file held in an array.
  public static func parse(_ bytes: [UInt8], delimiter: CSVOptions.Delimiter = .auto, quoting: CSVOptions.Quoting = .auto) -> Result<
    CSVTable, CSVError
  > {
    bytes.withUnsafeBytes { parse($0, delimiter: delimiter, quoting: quoting) }
  }

  /// True when the byte at `index` ends a line: LF, or a CR not followed by LF (old Mac exports).
  @inline(__always)
  static func endsLine(_ input: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
    input[index] == 0x0A || (input[index] == 0x0D && (index + 1 >= input.count || input[index + 1] != 0x0A))
  }

  /// The separator of the header line: the most frequent of `,` `;` and tab outside quotes.
  static func detectDelimiter(_ body: UnsafeBufferPointer<UInt8>) -> UInt8 {
    var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
    var quoted = false
    for byte in body {
      if byte == 0x22 { quoted.toggle() }
      if !quoted && (byte == 0x0A || byte == 0x0D) { break }
      if !quoted, counts[byte] != nil { counts[byte]! += 1 }
    }
    let comma = counts[UInt8(ascii: ",")]!
    let best = counts.max { ($0.value, $0.key == UInt8(ascii: ",") ? 1 : 0) < ($1.value, $1.key == UInt8(ascii: ",") ? 1 : 0) }!
    return best.value > comma ? best.key : UInt8(ascii: ",")
  }

  /// One pass over the body: each record's unescaped fields go to a reused scratch buffer.
  private static func run(
    _ input: UnsafeBufferPointer<UInt8>, separator: UInt8, backslash: Bool, record: (CSVRecord) -> Bool
  ) -> CSVError? {
    let count = input.count
    // A record never exceeds the limit, so one buffer of that size serves every record.
    let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: maxRecordBytes + 1)
    defer { scratch.deallocate() }
    var ends: [Int] = []
    ends.reserveCapacity(64)
    var line = 1
    var i = 0
    while i < count {
      // Blank lines between records carry no data.
      if input[i] == 0x0A || input[i] == 0x0D {
        if input[i] == 0x0D, i + 1 < count, input[i + 1] == 0x0A { i += 1 }
        i += 1
        line += 1
        continue
      }
      let recordLine = line
      var written = 0
      ends.removeAll(keepingCapacity: true)
      let tooLong = CSVError(
        kind: .recordTooLong, line: recordLine,
        message: "a record longer than 1 MiB starts here (an unclosed quote, a binary file or missing line breaks?)")
      var endOfRecord = false
      while !endOfRecord {
        if i < count, input[i] == 0x22 {
          let quoteLine = line
          i += 1
          var closed = false
          while i < count {
            guard written < maxRecordBytes else { return tooLong }
            let byte = input[i]
            if byte == 0x22 {
              if i + 1 < count, input[i + 1] == 0x22 {
                scratch[written] = 0x22
                written += 1
                i += 2
                continue
              }
              i += 1
              closed = true
              break
            }
            if backslash, byte == 0x5C, i + 1 < count {
              scratch[written] = input[i + 1]
              written += 1
              if endsLine(input, i + 1) { line += 1 }
              i += 2
              continue
            }
            if endsLine(input, i) { line += 1 }
            scratch[written] = byte
            written += 1
            i += 1
          }
          if !closed {
            return CSVError(kind: .unterminatedQuote, line: quoteLine, message: "a quoted field opened on this line is never closed")
          }
          if i < count, input[i] != separator, input[i] != 0x0A, input[i] != 0x0D {
            return CSVError(
              kind: .textAfterQuote, line: line,
              message: "unexpected text after a closing quote (a quote inside a field must be doubled: \"\")")
          }
        } else {
          while i < count {
            let byte = input[i]
            if byte == separator || byte == 0x0A || byte == 0x0D { break }
            guard written < maxRecordBytes else { return tooLong }
            scratch[written] = byte
            written += 1
            i += 1
          }
        }
        ends.append(written)
        if i < count, input[i] == separator {
          i += 1
        } else {
          if i < count, input[i] == 0x0D { i += 1 }
          if i < count, input[i] == 0x0A { i += 1 }
          line += 1
          endOfRecord = true
        }
      }
      let keepGoing = ends.withUnsafeBufferPointer { endsBuffer in
        record(CSVRecord(bytes: UnsafeBufferPointer(rebasing: scratch[0..<written]), ends: endsBuffer, line: recordLine))
      }
      if !keepGoing { return nil }
    }
    return nil
  }
}
