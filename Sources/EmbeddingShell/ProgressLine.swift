/// Shows a long command's progress on stderr: one line redrawn in place when stderr is a
/// terminal, a plain line (a JSON object with `--format json`) every `plainInterval` seconds
/// otherwise, nothing with `--quiet`.
final class ProgressLine {
    private enum Mode {
        case silent
        case terminal(width: Int)
        case plain
    }

    private let context: CommandContext
    private let mode: Mode
    private let label: String
    private var lastPlain = 0.0
    private var drawn = false
    /// Seconds between plain lines.
    static let plainInterval = 10.0

    init(_ label: String, context: CommandContext) {
        self.context = context
        self.label = label
        if context.settings.quiet {
            mode = .silent
        } else if context.progressIsLive {
            mode = .terminal(width: context.outputColumns ?? 80)
        } else {
            mode = .plain
        }
    }

    /// Shows `fraction` done (0…1) with `details`, `seconds` into the work.
    func update(fraction: Double, details: String, seconds: Double) {
        let percent = formatFixed(fraction * 100, digits: 1) + "%"
        switch mode {
        case .silent:
            return
        case .plain:
            guard seconds - lastPlain >= Self.plainInterval else { return }
            lastPlain = seconds
            if context.settings.format == .json {
                context.progress(JSON.object([("progress", .string(label)), ("fraction", .double(fraction)),
                                              ("details", .string(details))]).serialized + "\n")
            } else {
                context.progress("\(label): \(percent) \(details)\n")
            }
        case .terminal(let width):
            let barWidth = max(10, min(30, width / 4))
            let filled = fraction.isFinite ? min(barWidth, max(0, Int(fraction * Double(barWidth)))) : 0
            let bar = "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: barWidth - filled) + "]"
            let line = "\(bar) \(percent.leftPadded(to: 6))  \(details)"
            context.progress("\r" + String(line.prefix(max(1, width - 1))) + "\u{1B}[K")
            drawn = true
        }
    }

    /// Clears the line drawn on a terminal.
    func finish() {
        if drawn { context.progress("\r\u{1B}[K") }
        drawn = false
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// `1:05` or `1:02:05`; `?` for a time that is not known (not finite, negative or beyond a year).
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0, seconds < 366 * 86_400 else { return "?" }
    let total = Int(seconds.rounded())
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
    let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
    return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
}

/// `612k`, `1.2M`, `950`.
func formatRate(_ value: Double) -> String {
    guard value.isFinite, value >= 0 else { return "?" }
    if value >= 1e6 { return formatFixed(value / 1e6, digits: 2) + "M" }
    if value >= 1e3 { return "\(Int((value / 1e3).rounded()))k" }
    return "\(Int(value.rounded()))"
}
