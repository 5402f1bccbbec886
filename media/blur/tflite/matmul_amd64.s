//go:build amd64

#include "textflag.h"

// func tile4x8(x *float32, xStride uintptr, w *float32, wStride uintptr, k int, bias *float32, out *float32, outStride uintptr)
TEXT ·tile4x8(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), SI
	MOVQ xStride+8(FP), R8
	MOVQ w+16(FP), DI
	MOVQ wStride+24(FP), R9
	MOVQ k+32(FP), CX
	MOVQ bias+40(FP), BX
	MOVQ out+48(FP), DX
	MOVQ outStride+56(FP), R10

	// Four accumulators start at the bias.
	VMOVUPS (BX), Y0
	VMOVAPS Y0, Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y0, Y3

	// Row pointers of x.
	LEAQ (SI)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	LEAQ (R12)(R8*1), R13

loop:
	VMOVUPS      (DI), Y4
	VBROADCASTSS (SI), Y5
	VFMADD231PS  Y4, Y5, Y0
	VBROADCASTSS (R11), Y6
	VFMADD231PS  Y4, Y6, Y1
	VBROADCASTSS (R12), Y7
	VFMADD231PS  Y4, Y7, Y2
	VBROADCASTSS (R13), Y8
	VFMADD231PS  Y4, Y8, Y3
	ADDQ $4, SI
	ADDQ $4, R11
	ADDQ $4, R12
	ADDQ $4, R13
	ADDQ R9, DI
	DECQ CX
	JNZ  loop

	VMOVUPS Y0, (DX)
	ADDQ    R10, DX
	VMOVUPS Y1, (DX)
	ADDQ    R10, DX
	VMOVUPS Y2, (DX)
	ADDQ    R10, DX
	VMOVUPS Y3, (DX)
	VZEROUPPER
	RET

// func dwPixel(x *float32, offs *uintptr, w *float32, wTapStride uintptr, taps int, groups int, bias *float32, out *float32)
// One output pixel of a depthwise convolution, eight channels at a time:
// out[g] = bias[g] + Σ_t x[offs[t] + g] · w[t][g] for every group g of eight
// channels. offs holds the byte offset of each kernel tap from x.
TEXT ·dwPixel(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), SI
	MOVQ offs+8(FP), R8
	MOVQ w+16(FP), DI
	MOVQ wTapStride+24(FP), R9
	MOVQ taps+32(FP), R10
	MOVQ groups+40(FP), CX
	MOVQ bias+48(FP), BX
	MOVQ out+56(FP), DX

group:
	VMOVUPS (BX), Y0
	MOVQ    R8, R11
	MOVQ    DI, R12
	MOVQ    R10, R13

tap:
	MOVQ        (R11), AX
	VMOVUPS     (SI)(AX*1), Y1
	VFMADD231PS (R12), Y1, Y0
	ADDQ        $8, R11
	ADDQ        R9, R12
	DECQ        R13
	JNZ         tap

	VMOVUPS Y0, (DX)
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, BX
	ADDQ    $32, DX
	DECQ    CX
	JNZ     group
	VZEROUPPER
	RET

// func reluVec(v *float32, n int)
// v[i] = max(v[i], 0) for n a multiple of 8.
TEXT ·reluVec(SB), NOSPLIT, $0-16
	MOVQ   v+0(FP), SI
	MOVQ   n+8(FP), CX
	SHRQ   $3, CX
	JZ     reludone
	VXORPS Y1, Y1, Y1

reluloop:
	VMOVUPS (SI), Y0
	VMAXPS  Y1, Y0, Y0
	VMOVUPS Y0, (SI)
	ADDQ    $32, SI
	DECQ    CX
	JNZ     reluloop

reludone:
	VZEROUPPER
	RET

// func hardSwishVec(x *float32, out *float32, n int, three, six, sixth float32)
// out[i] = x[i]·min(max(x[i]+3, 0), 6)/6 for n a multiple of 8.
TEXT ·hardSwishVec(SB), NOSPLIT, $0-36
	MOVQ         x+0(FP), SI
	MOVQ         out+8(FP), DI
	MOVQ         n+16(FP), CX
	SHRQ         $3, CX
	JZ           hsdone
	VBROADCASTSS three+24(FP), Y2
	VBROADCASTSS six+28(FP), Y3
	VBROADCASTSS sixth+32(FP), Y4
	VXORPS       Y5, Y5, Y5

hsloop:
	VMOVUPS (SI), Y0
	VADDPS  Y2, Y0, Y1
	VMAXPS  Y5, Y1, Y1
	VMINPS  Y3, Y1, Y1
	VMULPS  Y0, Y1, Y1
	VMULPS  Y4, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    CX
	JNZ     hsloop

hsdone:
	VZEROUPPER
	RET

// func tile4x8Gather(x *float32, pixStride uintptr, offs *uintptr, k int, w *float32, wStride uintptr, bias *float32, out *float32, outStride uintptr)
// tile4x8 for a convolution without im2col: input i of pixel r is read at
// x + r·pixStride + offs[i] (bytes), so the patch is gathered from the
// input tensor in place.
TEXT ·tile4x8Gather(SB), NOSPLIT, $0-72
	MOVQ x+0(FP), SI
	MOVQ pixStride+8(FP), R8
	MOVQ offs+16(FP), R14
	MOVQ k+24(FP), CX
	MOVQ w+32(FP), DI
	MOVQ wStride+40(FP), R9
	MOVQ bias+48(FP), BX
	MOVQ out+56(FP), DX
	MOVQ outStride+64(FP), R10

	VMOVUPS (BX), Y0
	VMOVAPS Y0, Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y0, Y3

	LEAQ (SI)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	LEAQ (R12)(R8*1), R13

gloop:
	MOVQ         (R14), AX
	VMOVUPS      (DI), Y4
	VBROADCASTSS (SI)(AX*1), Y5
	VFMADD231PS  Y4, Y5, Y0
	VBROADCASTSS (R11)(AX*1), Y6
	VFMADD231PS  Y4, Y6, Y1
	VBROADCASTSS (R12)(AX*1), Y7
	VFMADD231PS  Y4, Y7, Y2
	VBROADCASTSS (R13)(AX*1), Y8
	VFMADD231PS  Y4, Y8, Y3
	ADDQ $8, R14
	ADDQ R9, DI
	DECQ CX
	JNZ  gloop

	VMOVUPS Y0, (DX)
	ADDQ    R10, DX
	VMOVUPS Y1, (DX)
	ADDQ    R10, DX
	VMOVUPS Y2, (DX)
	ADDQ    R10, DX
	VMOVUPS Y3, (DX)
	VZEROUPPER
	RET

// func dwTile4(x *float32, pixStride uintptr, offs *uintptr, w *float32, wTapStride uintptr, taps int, groups int, bias *float32, out *float32)
// Four neighbouring output pixels of a depthwise convolution whose windows
// start pixStride bytes apart and lie inside the input. For every group of
// eight channels the four pixels' sums run side by side, so each weight is
// loaded once for four products and the additions do not wait on each
// other. out holds the four pixels' channels one after the other (C·4 =
// wTapStride bytes apart).
TEXT ·dwTile4(SB), NOSPLIT, $0-72
	MOVQ x+0(FP), SI
	MOVQ pixStride+8(FP), R8
	MOVQ offs+16(FP), R14
	MOVQ w+24(FP), DI
	MOVQ wTapStride+32(FP), R9
	MOVQ taps+40(FP), R10
	MOVQ groups+48(FP), CX
	MOVQ bias+56(FP), BX
	MOVQ out+64(FP), DX

	LEAQ (SI)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	LEAQ (R12)(R8*1), R13
	LEAQ (R14)(R10*8), R10  // end of the tap offsets

dwgroup:
	VMOVUPS (BX), Y0
	VMOVAPS Y0, Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y0, Y3
	MOVQ    R14, AX         // tap offsets
	MOVQ    DI, R15         // this group's weights

dwtap:
	MOVQ        (AX), R8
	VMOVUPS     (R15), Y4
	VFMADD231PS (SI)(R8*1), Y4, Y0
	VFMADD231PS (R11)(R8*1), Y4, Y1
	VFMADD231PS (R12)(R8*1), Y4, Y2
	VFMADD231PS (R13)(R8*1), Y4, Y3
	ADDQ        $8, AX
	ADDQ        R9, R15
	CMPQ        AX, R10
	JNE         dwtap

	VMOVUPS Y0, (DX)
	LEAQ    (DX)(R9*1), R8
	VMOVUPS Y1, (R8)
	ADDQ    R9, R8
	VMOVUPS Y2, (R8)
	ADDQ    R9, R8
	VMOVUPS Y3, (R8)

	ADDQ $32, SI
	ADDQ $32, R11
	ADDQ $32, R12
	ADDQ $32, R13
	ADDQ $32, DI
	ADDQ $32, BX
	ADDQ $32, DX
	DECQ CX
	JNZ  dwgroup
	VZEROUPPER
	RET

// func addVec(x, y, out *float32, n, c int)
// out[p·c + i] = x[p·c + i] + y[i] for n values (n a multiple of c, c of 8).
TEXT ·addVec(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), BX
	MOVQ out+16(FP), DI
	MOVQ n+24(FP), CX
	MOVQ c+32(FP), DX
	SHRQ $3, CX
	JZ   adddone
	SHRQ $3, DX
	MOVQ BX, R8
	MOVQ DX, R9

addloop:
	VMOVUPS (SI), Y0
	VADDPS  (R8), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	DECQ    R9
	JNZ     addnext
	MOVQ    BX, R8          // next pixel: y starts over
	MOVQ    DX, R9

addnext:
	DECQ CX
	JNZ  addloop

adddone:
	VZEROUPPER
	RET

// func mulVec(x, y, out *float32, n, c int)
// out[p·c + i] = x[p·c + i] · y[i], as addVec.
TEXT ·mulVec(SB), NOSPLIT, $0-40
	MOVQ x+0(FP), SI
	MOVQ y+8(FP), BX
	MOVQ out+16(FP), DI
	MOVQ n+24(FP), CX
	MOVQ c+32(FP), DX
	SHRQ $3, CX
	JZ   muldone
	SHRQ $3, DX
	MOVQ BX, R8
	MOVQ DX, R9

mulloop:
	VMOVUPS (SI), Y0
	VMULPS  (R8), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	ADDQ    $32, R8
	DECQ    R9
	JNZ     mulnext
	MOVQ    BX, R8
	MOVQ    DX, R9

mulnext:
	DECQ CX
	JNZ  mulloop

muldone:
	VZEROUPPER
	RET

// func sumRowsVec(x *float32, rows, c int, out *float32)
// out[i] = Σ_r x[r·c + i] for c a multiple of 8 and rows ≥ 1; two sums per
// group of channels (even and odd rows) so the additions overlap.
TEXT ·sumRowsVec(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ rows+8(FP), R8
	MOVQ c+16(FP), DX
	MOVQ out+24(FP), DI
	MOVQ DX, R10
	SHLQ $2, R10            // row stride in bytes
	SHRQ $3, DX             // groups

sumgroup:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	MOVQ   SI, AX
	MOVQ   R8, CX
	SHRQ   $1, CX
	JZ     sumodd

sumpair:
	VADDPS (AX), Y0, Y0
	ADDQ   R10, AX
	VADDPS (AX), Y1, Y1
	ADDQ   R10, AX
	DECQ   CX
	JNZ    sumpair

sumodd:
	TESTQ $1, R8
	JZ    sumstore
	VADDPS (AX), Y0, Y0

sumstore:
	VADDPS  Y1, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	DECQ    DX
	JNZ     sumgroup
	VZEROUPPER
	RET

// func lerpVec(a, b, out *float32, n int, f float32)
// out[i] = a[i] + (b[i] − a[i])·f for n a multiple of 8.
TEXT ·lerpVec(SB), NOSPLIT, $0-36
	MOVQ         a+0(FP), SI
	MOVQ         b+8(FP), BX
	MOVQ         out+16(FP), DI
	MOVQ         n+24(FP), CX
	SHRQ         $3, CX
	JZ           lerpdone
	VBROADCASTSS f+32(FP), Y2

lerploop:
	VMOVUPS     (SI), Y0
	VMOVUPS     (BX), Y1
	VSUBPS      Y0, Y1, Y1
	VFMADD213PS Y0, Y2, Y1   // Y1 = Y1·f + a
	VMOVUPS     Y1, (DI)
	ADDQ        $32, SI
	ADDQ        $32, BX
	ADDQ        $32, DI
	DECQ        CX
	JNZ         lerploop

lerpdone:
	VZEROUPPER
	RET

// func logisticVec(x, out *float32, n int, c *[12]float32)
// out[i] = 1/(1 + e^−x[i]) for n a multiple of 8, with e^−x = 2^k·e^f as
// logisticPortable computes it (c: −log2 e, −126, 126, ln 2, 1, then the
// Taylor coefficients 1/2 … 1/40320).
TEXT ·logisticVec(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ out+8(FP), DI
	MOVQ n+16(FP), CX
	MOVQ c+24(FP), BX
	SHRQ $3, CX
	JZ   logdone
	VBROADCASTSS 0(BX), Y8   // −log2 e
	VBROADCASTSS 4(BX), Y9   // −126
	VBROADCASTSS 8(BX), Y10  // 126
	VBROADCASTSS 12(BX), Y11 // ln 2
	VBROADCASTSS 16(BX), Y12 // 1
	VPCMPEQD     Y13, Y13, Y13
	VPSRLD       $25, Y13, Y13   // 127 (no legacy SSE move: see below)

logloop:
	VMULPS    (SI), Y8, Y0
	VMAXPS    Y9, Y0, Y0
	VMINPS    Y10, Y0, Y0    // t
	VROUNDPS  $0, Y0, Y1     // k, to nearest
	VSUBPS    Y1, Y0, Y0
	VMULPS    Y11, Y0, Y0    // f = (t − k)·ln 2
	VBROADCASTSS 44(BX), Y2  // 1/40320
	VBROADCASTSS 40(BX), Y3
	VFMADD213PS Y3, Y0, Y2   // Y2 = Y2·f + c
	VBROADCASTSS 36(BX), Y3
	VFMADD213PS Y3, Y0, Y2
	VBROADCASTSS 32(BX), Y3
	VFMADD213PS Y3, Y0, Y2
	VBROADCASTSS 28(BX), Y3
	VFMADD213PS Y3, Y0, Y2
	VBROADCASTSS 24(BX), Y3
	VFMADD213PS Y3, Y0, Y2
	VBROADCASTSS 20(BX), Y3
	VFMADD213PS Y3, Y0, Y2   // … + 1/2
	VFMADD213PS Y12, Y0, Y2  // … + 1
	VFMADD213PS Y12, Y0, Y2  // … + 1: e^f
	VCVTPS2DQ   Y1, Y1
	VPADDD      Y13, Y1, Y1
	VPSLLD      $23, Y1, Y1  // 2^k
	VMULPS      Y1, Y2, Y2
	VADDPS      Y12, Y2, Y2
	VDIVPS      Y2, Y12, Y2  // 1/(1 + e^−x)
	VMOVUPS     Y2, (DI)
	ADDQ        $32, SI
	ADDQ        $32, DI
	DECQ        CX
	JNZ         logloop

logdone:
	VZEROUPPER
	RET

// func tile4x16(x *float32, xStride uintptr, w *float32, wStride uintptr, k int, bias *float32, out *float32, outStride uintptr)
// tile4x8 for sixteen outputs: eight sums in registers, so every broadcast
// input value serves two products and the loop does twice the work per
// load.
TEXT ·tile4x16(SB), NOSPLIT, $0-64
	MOVQ x+0(FP), SI
	MOVQ xStride+8(FP), R8
	MOVQ w+16(FP), DI
	MOVQ wStride+24(FP), R9
	MOVQ k+32(FP), CX
	MOVQ bias+40(FP), BX
	MOVQ out+48(FP), DX
	MOVQ outStride+56(FP), R10

	VMOVUPS (BX), Y0
	VMOVUPS 32(BX), Y1
	VMOVAPS Y0, Y2
	VMOVAPS Y1, Y3
	VMOVAPS Y0, Y4
	VMOVAPS Y1, Y5
	VMOVAPS Y0, Y6
	VMOVAPS Y1, Y7

	LEAQ (SI)(R8*1), R11
	LEAQ (R11)(R8*1), R12
	LEAQ (R12)(R8*1), R13

loop16:
	VMOVUPS      (DI), Y8
	VMOVUPS      32(DI), Y9
	VBROADCASTSS (SI), Y10
	VFMADD231PS  Y8, Y10, Y0
	VFMADD231PS  Y9, Y10, Y1
	VBROADCASTSS (R11), Y11
	VFMADD231PS  Y8, Y11, Y2
	VFMADD231PS  Y9, Y11, Y3
	VBROADCASTSS (R12), Y12
	VFMADD231PS  Y8, Y12, Y4
	VFMADD231PS  Y9, Y12, Y5
	VBROADCASTSS (R13), Y13
	VFMADD231PS  Y8, Y13, Y6
	VFMADD231PS  Y9, Y13, Y7
	ADDQ $4, SI
	ADDQ $4, R11
	ADDQ $4, R12
	ADDQ $4, R13
	ADDQ R9, DI
	DECQ CX
	JNZ  loop16

	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	ADDQ    R10, DX
	VMOVUPS Y2, (DX)
	VMOVUPS Y3, 32(DX)
	ADDQ    R10, DX
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	ADDQ    R10, DX
	VMOVUPS Y6, (DX)
	VMOVUPS Y7, 32(DX)
	VZEROUPPER
	RET
