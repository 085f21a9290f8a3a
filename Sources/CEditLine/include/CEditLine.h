/// Fixed-arity wrappers around libedit's readline-compatible API and the SIGINT flag.
/// Swift cannot call C variadics or touch libedit's global hooks under strict
/// concurrency, so these few functions are the whole bridge. No stable API.
#ifndef CEDITLINE_H
#define CEDITLINE_H

#include <stddef.h>

/// Reads one line with editing; returns a malloc'd string (caller frees) or NULL at
/// end of input or when Ctrl-C interrupted the line (see embsh_interrupt_pending).
char *embsh_readline(const char *prompt);

/// Adds a line to the in-memory history.
void embsh_add_history(const char *line);
/// Loads history from a file; returns 0 on success.
int embsh_read_history(const char *path);
/// Writes history to a file; returns 0 on success.
int embsh_write_history(const char *path);
/// Keeps at most `max` entries in the history.
void embsh_stifle_history(int max);
/// Number of entries in the history.
int embsh_history_length(void);
/// Entry `offset` (0 = oldest) of the history, or NULL; not to be freed.
const char *embsh_history_entry(int offset);

/// Completion: called with the whole line buffer, the start and end of the word under
/// the cursor; returns a NULL-terminated malloc'd array of malloc'd strings — the common
/// prefix, then every candidate, even a unique one (libedit reads the third slot) — or
/// NULL for none.
typedef char **(*embsh_completer)(const char *line, int start, int end);
/// Installs the completer (NULL removes it) and the characters that separate words.
void embsh_set_completer(embsh_completer completer, const char *word_breaks);
/// Whether to append a space after a unique completion.
void embsh_set_completion_append(int character);

/// Installs a SIGINT handler that only raises a flag (once per process).
void embsh_install_interrupt_handler(void);
/// Whether Ctrl-C was pressed since the last clear.
int embsh_interrupt_pending(void);
/// Lowers the Ctrl-C flag.
void embsh_clear_interrupt(void);
/// Columns of the terminal on `fd`, or 0 when `fd` is not a terminal.
int embsh_terminal_columns(int fd);
/// Sets the C locale from the environment, so libedit handles UTF-8 input.
void embsh_set_locale(void);
/// Names the program for ~/.editrc lines of the form `embsh:bind -v`; call before any other libedit call.
void embsh_set_program_name(const char *name);

#endif
