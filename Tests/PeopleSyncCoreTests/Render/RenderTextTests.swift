import Testing

@testable import PeopleSyncCore

@Suite("Render text")
struct RenderTextTests {
  @Test("a value starting like a spreadsheet formula is shown after an apostrophe, in text and in Markdown cells")
  func formulasAreDefused() {
    for formula in ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
      #expect(RenderText.value(formula) == "'" + formula)
      #expect(RenderText.cell(formula).hasPrefix("'"), "\(formula.debugDescription)")
    }
    for plain in ["Safety Inspector", "1+1", "a=b", "O'Brien", "—"] {
      #expect(RenderText.value(plain) == plain)
      #expect(RenderText.cell(plain) == plain)
    }
    #expect(RenderText.cell("=a|b") == "'=a\\|b")
    #expect(RenderText.value(nil) == "—" && RenderText.cell("") == "—")
  }
}
