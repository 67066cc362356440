# Prints each failed test of a TRX (the dotnet test logger's XML) with its error message and the first
# max_stack lines of its stack trace, so a CI log says why a test failed, not only which.
# Usage: awk -v max_stack=15 -f .ci/trx-failures.awk results.trx
# The TRX writes each <UnitTestResult ...> start tag on one line; <Message> and <StackTrace> may span lines.
function decode(s) {
  gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s)
  gsub(/&#xD;/, "", s); gsub(/&#xA;/, " ", s); gsub(/&amp;/, "\\&", s)
  return length(s) > 400 ? substr(s, 1, 400) "…" : s
}
function emit(kind, s) {
  if (kind == "msg" && ++msg_lines > 20) { if (msg_lines == 21) print "    (message cut at 20 lines)"; return }
  if (kind == "stack" && ++stack_lines > max_stack) { if (stack_lines == max_stack + 1) print "    (stack trace cut at " max_stack " lines)"; return }
  print "    " decode(s)
}
BEGIN { if (max_stack == "") max_stack = 15 }
/<UnitTestResult / {
  failed = ($0 ~ /outcome="Failed"/); mode = ""; msg_lines = 0; stack_lines = 0; seen = 0
  if (failed) { match($0, /testName="[^"]*"/); print ""; print "--- " decode(substr($0, RSTART + 10, RLENGTH - 11)) }
  # A result without output is one self-closing line.
  if (failed && $0 ~ /\/>[[:space:]]*$/) { print "    (the TRX has no error message for it)"; failed = 0 }
}
!failed { next }
{
  text = $0
  if (mode == "" && index(text, "<Message>")) { sub(/.*<Message>/, "", text); mode = "msg"; seen = 1 }
  else if (mode == "" && index(text, "<StackTrace>")) { sub(/.*<StackTrace>/, "", text); mode = "stack"; print "    stack trace:" }
  if (mode == "msg") { if (index(text, "</Message>")) { sub(/<\/Message>.*/, "", text); mode = "" } emit("msg", text) }
  else if (mode == "stack") { if (index(text, "</StackTrace>")) { sub(/<\/StackTrace>.*/, "", text); mode = "" } emit("stack", text) }
}
/<\/UnitTestResult>/ { if (!seen) print "    (the TRX has no error message for it)"; failed = 0 }
