//go:build amd64 && !purego

#include "textflag.h"

// AVX2 versions of the kernels in kernels.go. They use VMULPD then VADDPD
// (never an FMA) and keep the lane and row order of the Go code, so they
// return the same bits. Column tails (n mod 8) are left to the Go callers.

// REDUCE8 stores ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)) for the eight lanes
// lo = (s0..s3), hi = (s4..s7); xlo is lo's low half, xt a scratch register.
#define REDUCE8(lo, hi, xlo, xt, dst) \
	VADDPD       hi, lo, lo  \
	VEXTRACTF128 $1, lo, xt  \
	VADDPD       xt, xlo, xt \
	VHADDPD      xt, xt, xt  \
	VMOVSD       xt, dst

// func matVecAVX2(y, a *float64, rows, n8, stride int, x *float64)
TEXT ·matVecAVX2(SB), NOSPLIT, $0-48
	MOVQ y+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ rows+16(FP), CX
	MOVQ n8+24(FP), DX
	MOVQ stride+32(FP), BX
	SHLQ $3, BX
	MOVQ x+40(FP), R15

mv_rows4:
	CMPQ CX, $4
	JLT  mv_rows1
	MOVQ SI, R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	LEAQ (R10)(BX*1), R11
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	XORQ   AX, AX

mv_loop4:
	VMOVUPD (R15)(AX*8), Y12
	VMOVUPD 32(R15)(AX*8), Y13
	VMULPD  (R8)(AX*8), Y12, Y8
	VMULPD  32(R8)(AX*8), Y13, Y9
	VADDPD  Y8, Y0, Y0
	VADDPD  Y9, Y1, Y1
	VMULPD  (R9)(AX*8), Y12, Y10
	VMULPD  32(R9)(AX*8), Y13, Y11
	VADDPD  Y10, Y2, Y2
	VADDPD  Y11, Y3, Y3
	VMULPD  (R10)(AX*8), Y12, Y8
	VMULPD  32(R10)(AX*8), Y13, Y9
	VADDPD  Y8, Y4, Y4
	VADDPD  Y9, Y5, Y5
	VMULPD  (R11)(AX*8), Y12, Y10
	VMULPD  32(R11)(AX*8), Y13, Y11
	VADDPD  Y10, Y6, Y6
	VADDPD  Y11, Y7, Y7
	ADDQ    $8, AX
	CMPQ    AX, DX
	JLT     mv_loop4

	REDUCE8(Y0, Y1, X0, X8, 0(DI))
	REDUCE8(Y2, Y3, X2, X9, 8(DI))
	REDUCE8(Y4, Y5, X4, X10, 16(DI))
	REDUCE8(Y6, Y7, X6, X11, 24(DI))
	ADDQ $32, DI
	LEAQ (R11)(BX*1), SI
	SUBQ $4, CX
	JMP  mv_rows4

mv_rows1:
	TESTQ CX, CX
	JEQ   mv_done

mv_row1:
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	XORQ   AX, AX

mv_loop1:
	VMOVUPD (R15)(AX*8), Y12
	VMOVUPD 32(R15)(AX*8), Y13
	VMULPD  (SI)(AX*8), Y12, Y8
	VMULPD  32(SI)(AX*8), Y13, Y9
	VADDPD  Y8, Y0, Y0
	VADDPD  Y9, Y1, Y1
	ADDQ    $8, AX
	CMPQ    AX, DX
	JLT     mv_loop1

	REDUCE8(Y0, Y1, X0, X8, 0(DI))
	ADDQ $8, DI
	ADDQ BX, SI
	DECQ CX
	JNZ  mv_row1

mv_done:
	VZEROUPPER
	RET

// One row of dotAxpyT: dot of row ra with x into acc (lo, hi); z chunk
// (Y14, Y15) += row (ra + off) times the broadcast of wm.
#define DOT_AXPY_ROW(ra, lo, hi, wm) \
	VMULPD       (ra), Y12, Y8         \
	VMULPD       32(ra), Y13, Y9       \
	VADDPD       Y8, lo, lo            \
	VADDPD       Y9, hi, hi            \
	VBROADCASTSD wm, Y10               \
	VMULPD       (ra)(R12*1), Y10, Y8  \
	VMULPD       32(ra)(R12*1), Y10, Y9 \
	VADDPD       Y8, Y14, Y14          \
	VADDPD       Y9, Y15, Y15

// DOT_AXPY_ROW for b = a: each chunk of the row is loaded once.
#define DOT_AXPY_SAME_ROW(ra, lo, hi, wm) \
	VMOVUPD      (ra), Y8      \
	VMOVUPD      32(ra), Y9    \
	VMULPD       Y8, Y12, Y11  \
	VADDPD       Y11, lo, lo   \
	VMULPD       Y9, Y13, Y11  \
	VADDPD       Y11, hi, hi   \
	VBROADCASTSD wm, Y10       \
	VMULPD       Y8, Y10, Y8   \
	VMULPD       Y9, Y10, Y9   \
	VADDPD       Y8, Y14, Y14  \
	VADDPD       Y9, Y15, Y15

// func dotAxpyTAVX2(y, a, x, z, b, w *float64, rows, n8, stride int)
TEXT ·dotAxpyTAVX2(SB), NOSPLIT, $0-72
	MOVQ y+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+32(FP), R12
	SUBQ SI, R12              // b − a in bytes: row r of b is at (row r of a)(R12*1)
	MOVQ w+40(FP), R13
	MOVQ rows+48(FP), CX
	MOVQ n8+56(FP), DX
	MOVQ stride+64(FP), BX
	SHLQ $3, BX

da_rows4:
	CMPQ CX, $4
	JLT  da_rows1
	MOVQ SI, R8
	LEAQ (R8)(BX*1), R9
	LEAQ (R9)(BX*1), R10
	LEAQ (R10)(BX*1), R11
	MOVQ x+16(FP), R14
	MOVQ z+24(FP), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	VXORPD Y4, Y4, Y4
	VXORPD Y5, Y5, Y5
	VXORPD Y6, Y6, Y6
	VXORPD Y7, Y7, Y7
	MOVQ   DX, AX

	TESTQ  R12, R12
	JEQ    da_same4

da_loop4:
	VMOVUPD (R14), Y12
	VMOVUPD 32(R14), Y13
	VMOVUPD (R15), Y14
	VMOVUPD 32(R15), Y15
	DOT_AXPY_ROW(R8, Y0, Y1, 0(R13))
	DOT_AXPY_ROW(R9, Y2, Y3, 8(R13))
	DOT_AXPY_ROW(R10, Y4, Y5, 16(R13))
	DOT_AXPY_ROW(R11, Y6, Y7, 24(R13))
	VMOVUPD Y14, (R15)
	VMOVUPD Y15, 32(R15)
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, R10
	ADDQ    $64, R11
	ADDQ    $64, R14
	ADDQ    $64, R15
	SUBQ    $8, AX
	JNZ     da_loop4
	JMP     da_reduce4

da_same4:
	VMOVUPD (R14), Y12
	VMOVUPD 32(R14), Y13
	VMOVUPD (R15), Y14
	VMOVUPD 32(R15), Y15
	DOT_AXPY_SAME_ROW(R8, Y0, Y1, 0(R13))
	DOT_AXPY_SAME_ROW(R9, Y2, Y3, 8(R13))
	DOT_AXPY_SAME_ROW(R10, Y4, Y5, 16(R13))
	DOT_AXPY_SAME_ROW(R11, Y6, Y7, 24(R13))
	VMOVUPD Y14, (R15)
	VMOVUPD Y15, 32(R15)
	ADDQ    $64, R8
	ADDQ    $64, R9
	ADDQ    $64, R10
	ADDQ    $64, R11
	ADDQ    $64, R14
	ADDQ    $64, R15
	SUBQ    $8, AX
	JNZ     da_same4

da_reduce4:
	REDUCE8(Y0, Y1, X0, X8, 0(DI))
	REDUCE8(Y2, Y3, X2, X9, 8(DI))
	REDUCE8(Y4, Y5, X4, X10, 16(DI))
	REDUCE8(Y6, Y7, X6, X11, 24(DI))
	ADDQ $32, DI
	ADDQ $32, R13
	LEAQ (SI)(BX*4), SI
	SUBQ $4, CX
	JMP  da_rows4

da_rows1:
	TESTQ CX, CX
	JEQ   da_done

da_row1:
	MOVQ   SI, R8
	MOVQ   x+16(FP), R14
	MOVQ   z+24(FP), R15
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	MOVQ   DX, AX

da_loop1:
	VMOVUPD (R14), Y12
	VMOVUPD 32(R14), Y13
	VMOVUPD (R15), Y14
	VMOVUPD 32(R15), Y15
	DOT_AXPY_ROW(R8, Y0, Y1, 0(R13))
	VMOVUPD Y14, (R15)
	VMOVUPD Y15, 32(R15)
	ADDQ    $64, R8
	ADDQ    $64, R14
	ADDQ    $64, R15
	SUBQ    $8, AX
	JNZ     da_loop1

	REDUCE8(Y0, Y1, X0, X8, 0(DI))
	ADDQ $8, DI
	ADDQ $8, R13
	ADDQ BX, SI
	DECQ CX
	JNZ  da_row1

da_done:
	VZEROUPPER
	RET

// One row of a gradient tile: (lo, hi) += (Y12, Y13) times the broadcast of um.
#define RANK_ROW(um, bc, lo, hi) \
	VBROADCASTSD um, bc       \
	VMULPD       Y12, bc, Y8  \
	VMULPD       Y13, bc, Y9  \
	VADDPD       Y8, lo, lo   \
	VADDPD       Y9, hi, hi

// func rankUpdateAVX2(dst *float64, rows, n8, stride int, u, v *float64, k, ldv int)
TEXT ·rankUpdateAVX2(SB), NOSPLIT, $0-64
	MOVQ dst+0(FP), SI
	MOVQ rows+8(FP), CX
	MOVQ n8+16(FP), DX
	MOVQ stride+24(FP), BX
	SHLQ $3, BX
	LEAQ (BX)(BX*2), R13      // 3 rows in bytes
	MOVQ u+32(FP), DI
	MOVQ v+40(FP), R15
	MOVQ ldv+56(FP), R12
	SHLQ $3, R12              // v_t to v_{t+1} in bytes
	MOVQ CX, R14
	SHLQ $3, R14              // u_t to u_{t+1} in bytes

ru_rows4:
	CMPQ CX, $4
	JLT  ru_rows1
	XORQ AX, AX

ru_cols4:
	LEAQ    (SI)(AX*8), R8
	VMOVUPD (R8), Y0
	VMOVUPD 32(R8), Y1
	VMOVUPD (R8)(BX*1), Y2
	VMOVUPD 32(R8)(BX*1), Y3
	VMOVUPD (R8)(BX*2), Y4
	VMOVUPD 32(R8)(BX*2), Y5
	VMOVUPD (R8)(R13*1), Y6
	VMOVUPD 32(R8)(R13*1), Y7
	LEAQ    (R15)(AX*8), R9
	MOVQ    DI, R10
	MOVQ    k+48(FP), R11

ru_t4:
	VMOVUPD (R9), Y12
	VMOVUPD 32(R9), Y13
	RANK_ROW(0(R10), Y14, Y0, Y1)
	RANK_ROW(8(R10), Y15, Y2, Y3)
	RANK_ROW(16(R10), Y14, Y4, Y5)
	RANK_ROW(24(R10), Y15, Y6, Y7)
	ADDQ    R12, R9
	ADDQ    R14, R10
	DECQ    R11
	JNZ     ru_t4

	VMOVUPD Y0, (R8)
	VMOVUPD Y1, 32(R8)
	VMOVUPD Y2, (R8)(BX*1)
	VMOVUPD Y3, 32(R8)(BX*1)
	VMOVUPD Y4, (R8)(BX*2)
	VMOVUPD Y5, 32(R8)(BX*2)
	VMOVUPD Y6, (R8)(R13*1)
	VMOVUPD Y7, 32(R8)(R13*1)
	ADDQ    $8, AX
	CMPQ    AX, DX
	JLT     ru_cols4

	LEAQ (SI)(BX*4), SI
	ADDQ $32, DI
	SUBQ $4, CX
	JMP  ru_rows4

ru_rows1:
	TESTQ CX, CX
	JEQ   ru_done

ru_row1:
	XORQ AX, AX

ru_cols1:
	LEAQ    (SI)(AX*8), R8
	VMOVUPD (R8), Y0
	VMOVUPD 32(R8), Y1
	LEAQ    (R15)(AX*8), R9
	MOVQ    DI, R10
	MOVQ    k+48(FP), R11

ru_t1:
	VMOVUPD (R9), Y12
	VMOVUPD 32(R9), Y13
	RANK_ROW(0(R10), Y14, Y0, Y1)
	ADDQ    R12, R9
	ADDQ    R14, R10
	DECQ    R11
	JNZ     ru_t1

	VMOVUPD Y0, (R8)
	VMOVUPD Y1, 32(R8)
	ADDQ    $8, AX
	CMPQ    AX, DX
	JLT     ru_cols1

	ADDQ BX, SI
	ADDQ $8, DI
	DECQ CX
	JNZ  ru_row1

ru_done:
	VZEROUPPER
	RET

// func adamAVX2(p, grad, m, v *float64, n4 int, k *adamConsts)
// k: b1, 1−b1, b2, 1−b2, c1, c2, lr, eps (see adamUpdate).
TEXT ·adamAVX2(SB), NOSPLIT, $0-48
	MOVQ         p+0(FP), DI
	MOVQ         grad+8(FP), SI
	MOVQ         m+16(FP), R8
	MOVQ         v+24(FP), R9
	MOVQ         n4+32(FP), CX
	MOVQ         k+40(FP), AX
	VBROADCASTSD 0(AX), Y8   // b1
	VBROADCASTSD 8(AX), Y9   // 1 − b1
	VBROADCASTSD 16(AX), Y10 // b2
	VBROADCASTSD 24(AX), Y11 // 1 − b2
	VBROADCASTSD 32(AX), Y12 // c1
	VBROADCASTSD 40(AX), Y13 // c2
	VBROADCASTSD 48(AX), Y14 // lr
	VBROADCASTSD 56(AX), Y15 // eps
	XORQ         AX, AX

adam_loop:
	VMOVUPD (SI)(AX*8), Y0      // g
	VMULPD  (R8)(AX*8), Y8, Y1  // b1·m
	VMULPD  Y0, Y9, Y2          // (1−b1)·g
	VADDPD  Y2, Y1, Y1          // m
	VMOVUPD Y1, (R8)(AX*8)
	VMULPD  (R9)(AX*8), Y10, Y3 // b2·v
	VMULPD  Y0, Y11, Y4         // (1−b2)·g
	VMULPD  Y0, Y4, Y4          // ·g
	VADDPD  Y4, Y3, Y3          // v
	VMOVUPD Y3, (R9)(AX*8)
	VDIVPD  Y12, Y1, Y1         // m/c1
	VMULPD  Y1, Y14, Y1         // lr·(m/c1)
	VDIVPD  Y13, Y3, Y3         // v/c2
	VSQRTPD Y3, Y3
	VADDPD  Y15, Y3, Y3         // + eps
	VDIVPD  Y3, Y1, Y1
	VMOVUPD (DI)(AX*8), Y5
	VSUBPD  Y1, Y5, Y5          // p − step
	VMOVUPD Y5, (DI)(AX*8)
	ADDQ    $4, AX
	CMPQ    AX, CX
	JLT     adam_loop

	VZEROUPPER
	RET

// func tanhAVX2(dst, src *float64, n4 int, table *float64, k *tanhConsts)
// tanh of tanh.go four lanes at a time, the same operations in the same
// order; lanes with |x| ≥ 20 or NaN get Copysign(1, x) or x, as tanh does.
// k holds each constant four times: |·| mask, 32, 0.5, 1/32, the series
// coefficients of r⁹, r⁷, r⁵, r³, then 1 and 20.
TEXT ·tanhAVX2(SB), NOSPLIT, $0-40
	MOVQ    dst+0(FP), DX
	MOVQ    src+8(FP), SI
	MOVQ    n4+16(FP), CX
	MOVQ    table+24(FP), DI
	MOVQ    k+32(FP), R8
	VMOVUPD 0(R8), Y15
	XORQ    BX, BX

tanh_loop:
	VMOVUPD     (SI)(BX*8), Y0
	VANDPD      Y15, Y0, Y2         // ax = |x|
	VANDNPD     Y0, Y15, Y1         // sign of x
	VCMPPD      $1, 288(R8), Y2, Y3 // ax < 20 (false for NaN)
	VANDPD      Y3, Y2, Y2          // other lanes: 0, a safe index
	VMULPD      32(R8), Y2, Y4      // ax·32
	VADDPD      64(R8), Y4, Y4      // + 0.5
	VCVTTPD2DQY Y4, X4              // k
	VCVTDQ2PD   X4, Y5
	VMULPD      96(R8), Y5, Y5      // k/32
	VSUBPD      Y5, Y2, Y5          // r = ax − k/32
	VPCMPEQD    Y6, Y6, Y6
	VGATHERDPD  Y6, (DI)(X4*8), Y7  // t0 = table[k]
	VMULPD      Y5, Y5, Y2          // r2
	VMULPD      128(R8), Y2, Y4
	VADDPD      160(R8), Y4, Y4
	VMULPD      Y4, Y2, Y4
	VADDPD      192(R8), Y4, Y4
	VMULPD      Y4, Y2, Y4
	VADDPD      224(R8), Y4, Y4     // series in r2
	VMULPD      Y5, Y2, Y2          // r·r2
	VMULPD      Y4, Y2, Y2
	VADDPD      Y2, Y5, Y5          // tr
	VADDPD      Y5, Y7, Y4          // t0 + tr
	VMULPD      Y5, Y7, Y2          // t0·tr
	VADDPD      256(R8), Y2, Y2     // 1 + t0·tr
	VDIVPD      Y2, Y4, Y4
	VORPD       Y1, Y4, Y4          // Copysign (the quotient is ≥ 0)
	VORPD       256(R8), Y1, Y2     // Copysign(1, x)
	VCMPPD      $3, Y0, Y0, Y5      // x is NaN
	VBLENDVPD   Y5, Y0, Y2, Y2
	VBLENDVPD   Y3, Y4, Y2, Y4
	VMOVUPD     Y4, (DX)(BX*8)
	ADDQ        $4, BX
	CMPQ        BX, CX
	JLT         tanh_loop

	VZEROUPPER
	RET

// func leakForwardAVX2(h, lo, u *float64, n4 int, c float64) (fin float64)
// leakForward of leak.go four lanes at a time (its math.FMA is VFMSUB231PD,
// one rounding like math.FMA); fin is the sum of h·0 over the new states.
TEXT ·leakForwardAVX2(SB), NOSPLIT, $0-48
	MOVQ         h+0(FP), DI
	MOVQ         lo+8(FP), SI
	MOVQ         u+16(FP), DX
	MOVQ         n4+24(FP), CX
	VBROADCASTSD c+32(FP), Y15
	VXORPD       Y14, Y14, Y14
	VXORPD       Y12, Y12, Y12
	XORQ         AX, AX

lf_loop:
	VMOVUPD     (DI)(AX*8), Y0 // hi
	VMOVUPD     (SI)(AX*8), Y1 // lo
	VMOVUPD     (DX)(AX*8), Y2 // u
	VMULPD      Y0, Y15, Y3    // p = c·hi
	VMOVAPD     Y3, Y4
	VFMSUB231PD Y0, Y15, Y4    // c·hi − p, one rounding
	VMULPD      Y1, Y15, Y1    // c·lo
	VADDPD      Y1, Y4, Y4     // pe
	VADDPD      Y2, Y3, Y5     // s = p + u
	VSUBPD      Y3, Y5, Y6     // v = s − p
	VSUBPD      Y6, Y5, Y7     // s − v
	VSUBPD      Y7, Y3, Y7     // p − (s − v)
	VSUBPD      Y6, Y2, Y8     // u − v
	VADDPD      Y8, Y7, Y7
	VADDPD      Y4, Y7, Y7     // se
	VADDPD      Y7, Y5, Y9     // h = s + se
	VSUBPD      Y5, Y9, Y10    // h − s
	VSUBPD      Y10, Y7, Y10   // se − (h − s)
	VMOVUPD     Y9, (DI)(AX*8)
	VMOVUPD     Y10, (SI)(AX*8)
	VMULPD      Y12, Y9, Y11
	VADDPD      Y11, Y14, Y14
	ADDQ        $4, AX
	CMPQ        AX, CX
	JLT         lf_loop

	VEXTRACTF128 $1, Y14, X13
	VADDPD       X13, X14, X14
	VHADDPD      X14, X14, X14
	VMOVSD       X14, fin+40(FP)
	VZEROUPPER
	RET

// func leakReverseAVX2(h, lo, u *float64, n4 int, c float64) (fin float64)
// leakReverse of leak.go four lanes at a time (its math.FMA is
// VFNMADD231PD); fin is the sum of h·0 over the new states.
TEXT ·leakReverseAVX2(SB), NOSPLIT, $0-48
	MOVQ         h+0(FP), DI
	MOVQ         lo+8(FP), SI
	MOVQ         u+16(FP), DX
	MOVQ         n4+24(FP), CX
	VBROADCASTSD c+32(FP), Y15
	VXORPD       Y14, Y14, Y14
	VXORPD       Y12, Y12, Y12
	VPCMPEQQ     Y13, Y13, Y13
	VPSLLQ       $63, Y13, Y13 // sign bit
	XORQ         AX, AX

lr_loop:
	VMOVUPD      (DI)(AX*8), Y0 // hi
	VMOVUPD      (SI)(AX*8), Y1 // lo
	VMOVUPD      (DX)(AX*8), Y2 // u
	VSUBPD       Y2, Y0, Y3     // s = hi − u
	VSUBPD       Y0, Y3, Y4     // v = s − hi
	VSUBPD       Y4, Y3, Y5     // s − v
	VSUBPD       Y5, Y0, Y5     // hi − (s − v)
	VXORPD       Y13, Y2, Y6    // −u
	VSUBPD       Y4, Y6, Y6     // −u − v
	VADDPD       Y6, Y5, Y5
	VADDPD       Y1, Y5, Y5     // se
	VDIVPD       Y15, Y3, Y7    // q = s / c
	VMOVAPD      Y3, Y8
	VFNMADD231PD Y15, Y7, Y8    // s − q·c, one rounding
	VADDPD       Y5, Y8, Y8     // r
	VDIVPD       Y15, Y8, Y8    // q2 = r / c
	VADDPD       Y8, Y7, Y9     // h = q + q2
	VSUBPD       Y7, Y9, Y10    // h − q
	VSUBPD       Y10, Y8, Y10   // q2 − (h − q)
	VMOVUPD      Y9, (DI)(AX*8)
	VMOVUPD      Y10, (SI)(AX*8)
	VMULPD       Y12, Y9, Y11
	VADDPD       Y11, Y14, Y14
	ADDQ         $4, AX
	CMPQ         AX, CX
	JLT          lr_loop

	VEXTRACTF128 $1, Y14, X13
	VADDPD       X13, X14, X14
	VHADDPD      X14, X14, X14
	VMOVSD       X14, fin+40(FP)
	VZEROUPPER
	RET
