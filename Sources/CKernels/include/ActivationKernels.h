#ifndef EMBSH_ACTIVATION_KERNELS_H
#define EMBSH_ACTIVATION_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// The models' elementwise activations and the recurrent cells' (LSTM, GRU) per-step arithmetic,
/// compiled for AVX-512, AVX2 and baseline x86-64 and chosen at run time with the same results on
/// each (the cells' matrix products are embsh_gemm_nn and embsh_gemm_tn).

/// x ← 1 / (1 + e^−x), elementwise (a Cephes-style e^x, within 2 ulp of the exact logistic).
void embsh_sigmoid(float *x, size_t n);
/// x ← tanh x, elementwise, as sign(x)·(1 − 2 / (e^2|x| + 1)) with the same e^x (absolute error
/// < 1e-7). Both keep a NaN a NaN.
void embsh_tanh(float *x, size_t n);
/// One LSTM step's gates and state for one sample: `a` holds the pre-activations (i, f, c, o;
/// 4u) and gets the activations; from the previous cell state `cp` writes the new cell state
/// `cn`, tanh of it `tc` and the output `hn` (u each).
void embsh_lstm_step(float *a, const float *cp, float *cn, float *tc, float *hn, size_t u);
/// The gradient of one LSTM step: from the activations `a`, `tc` and the previous cell state `cp`
/// of the step, and the gradients `dh`, `dc` reaching its outputs, writes the pre-activations'
/// gradient `g` (4u), turns `dc` into the previous cell state's and zeroes `dh` (the previous
/// output's gradient is then g times the recurrent kernel, added by the caller).
void embsh_lstm_step_gradient(const float *a, const float *tc, const float *cp, float *dh, float *dc, float *g,
                              size_t u);
/// One GRU step (reset_after) for one sample: `a` holds the input side's pre-activations (z, r, h;
/// 3u), `rec` the recurrent side's (with its bias); `a` gets the activations, `rec_h` a copy of
/// the recurrent candidate part, `hn` the output from the previous output `hp`.
void embsh_gru_step(float *a, const float *rec, float *rec_h, const float *hp, float *hn, size_t u);
/// The gradient of one GRU step: writes the input side's pre-activation gradient `g` and the
/// recurrent side's `gr` (3u each) and scales `dh` by z (the part of the previous output's
/// gradient that skips the gates; the caller adds gr times the recurrent kernel).
void embsh_gru_step_gradient(const float *a, const float *rec_h, const float *hp, float *dh, float *g, float *gr,
                             size_t u);
/// x ← max(x, 0), elementwise; a NaN stays NaN (Keras's relu).
void embsh_relu(float *x, size_t n);
/// delta ← delta where output > 0, else 0: ReLU's gradient from its outputs.
void embsh_relu_backward(const float *output, float *delta, size_t n);
/// For each of `dim` features of `steps` rows (row-major, `dim` apart), the first step holding
/// its largest value (NaNs never win): where global max pooling's gradient goes.
void embsh_max_steps(const float *rows, size_t steps, size_t dim, int32_t *best);
/// 1 when none of the n floats is NaN or infinite, else 0.
int embsh_all_finite(const float *x, size_t n);
#endif
