#include "CEditLine.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <editline/readline.h>

static volatile sig_atomic_t interrupt_flag = 0;
static embsh_completer current_completer = NULL;

char *embsh_readline(const char *prompt) { return readline(prompt); }

void embsh_add_history(const char *line) { add_history(line); }
int embsh_read_history(const char *path) { return read_history(path); }
int embsh_write_history(const char *path) { return write_history(path); }
void embsh_stifle_history(int max) { stifle_history(max); }
int embsh_history_length(void) { return history_length; }

const char *embsh_history_entry(int offset) {
    HIST_ENTRY *entry = history_get(history_base + offset);
    return entry ? entry->line : NULL;
}

static char **attempted_completion(const char *text, int start, int end) {
    (void)text;
    rl_attempted_completion_over = 1;
    if (!current_completer) return NULL;
    return current_completer(rl_line_buffer, start, end);
}

static char *no_generator(const char *text, int state) {
    (void)text; (void)state;
    return NULL;
}

void embsh_set_completer(embsh_completer completer, const char *word_breaks) {
    current_completer = completer;
    rl_attempted_completion_function = completer ? attempted_completion : NULL;
    rl_completion_entry_function = no_generator;
    if (word_breaks) {
        static char breaks[64];
        strncpy(breaks, word_breaks, sizeof breaks - 1);
        rl_basic_word_break_characters = breaks;
    }
}

void embsh_set_completion_append(int character) { rl_completion_append_character = character; }

static void on_interrupt(int signo) {
    (void)signo;
    interrupt_flag = 1;
}

void embsh_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
}

int embsh_interrupt_pending(void) { return interrupt_flag != 0; }
void embsh_clear_interrupt(void) { interrupt_flag = 0; }
void embsh_set_locale(void) { setlocale(LC_ALL, ""); }

void embsh_set_program_name(const char *name) {
    static char program[32];
    strncpy(program, name, sizeof program - 1);
    rl_readline_name = program;
}

int embsh_terminal_columns(int fd) {
    struct winsize size;
    if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}
