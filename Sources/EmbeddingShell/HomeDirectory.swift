import Foundation

/// A file path as a shell reads it: an unquoted word that is `~` or starts with `~/` names the
/// home directory (`$HOME`), as Tab completion offers it; anything else is unchanged.
func expandingHome(_ path: String, quoted: Bool) -> String {
    guard !quoted, path == "~" || path.hasPrefix("~/"),
          let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty else { return path }
    return home + path.dropFirst()
}
