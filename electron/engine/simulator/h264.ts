/**
 * A tiny H.264 (Constrained Baseline) encoder for still videos: one IDR picture made of I_PCM
 * macroblocks (raw samples, no transform), then P pictures whose macroblocks are all skipped.
 * Every decoder plays it, and it needs no codec library.
 */

class BitWriter {
  private bytes: number[] = [];
  private cur = 0;
  private n = 0;

  bit(b: number): void {
    this.cur = (this.cur << 1) | (b & 1);
    this.n += 1;
    if (this.n === 8) {
      this.bytes.push(this.cur);
      this.cur = 0;
      this.n = 0;
    }
  }

  bits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i -= 1) this.bit((value >>> i) & 1);
  }

  /** Exp-Golomb unsigned. */
  ue(value: number): void {
    const x = value + 1;
    const len = 32 - Math.clz32(x);
    this.bits(0, len - 1);
    this.bits(x, len);
  }

  /** Exp-Golomb signed. */
  se(value: number): void {
    this.ue(value > 0 ? 2 * value - 1 : -2 * value);
  }

  aligned(): boolean {
    return this.n === 0;
  }

  alignZero(): void {
    while (this.n !== 0) this.bit(0);
  }

  byte(v: number): void {
    this.bits(v, 8);
  }

  /** rbsp_trailing_bits: a one, then zeros to the byte boundary. */
  trailing(): Buffer {
    this.bit(1);
    this.alignZero();
    return Buffer.from(this.bytes);
  }
}

/** Inserts emulation prevention bytes so no start code appears inside a NAL unit. */
function escape(rbsp: Buffer): Buffer {
  const out: number[] = [];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Buffer.from(out);
}

function nal(refIdc: number, type: number, rbsp: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(refIdc << 5) | type]), escape(rbsp)]);
}

const PROFILE_BASELINE = 66;
const LEVEL = 30; // 3.0: room for the I_PCM picture's size at a few frames per second
const LOG2_MAX_FRAME_NUM = 8;

function sps(mbW: number, mbH: number, width: number, height: number): Buffer {
  const w = new BitWriter();
  w.byte(PROFILE_BASELINE);
  w.byte(0xc0); // constraint_set0 and set1: Constrained Baseline
  w.byte(LEVEL);
  w.ue(0); // seq_parameter_set_id
  w.ue(LOG2_MAX_FRAME_NUM - 4);
  w.ue(2); // pic_order_cnt_type 2: order follows frame_num, no B pictures
  w.ue(1); // max_num_ref_frames
  w.bit(0); // gaps_in_frame_num_value_allowed_flag
  w.ue(mbW - 1);
  w.ue(mbH - 1);
  w.bit(1); // frame_mbs_only_flag
  w.bit(1); // direct_8x8_inference_flag
  const cropRight = (mbW * 16 - width) / 2;
  const cropBottom = (mbH * 16 - height) / 2;
  if (cropRight > 0 || cropBottom > 0) {
    w.bit(1);
    w.ue(0);
    w.ue(cropRight);
    w.ue(0);
    w.ue(cropBottom);
  } else w.bit(0);
  w.bit(0); // vui_parameters_present_flag
  return nal(3, 7, w.trailing());
}

function pps(): Buffer {
  const w = new BitWriter();
  w.ue(0); // pic_parameter_set_id
  w.ue(0); // seq_parameter_set_id
  w.bit(0); // entropy_coding_mode_flag: CAVLC
  w.bit(0); // bottom_field_pic_order_in_frame_present_flag
  w.ue(0); // num_slice_groups_minus1
  w.ue(0); // num_ref_idx_l0_default_active_minus1
  w.ue(0); // num_ref_idx_l1_default_active_minus1
  w.bit(0); // weighted_pred_flag
  w.bits(0, 2); // weighted_bipred_idc
  w.se(0); // pic_init_qp_minus26
  w.se(0); // pic_init_qs_minus26
  w.se(0); // chroma_qp_index_offset
  w.bit(1); // deblocking_filter_control_present_flag
  w.bit(0); // constrained_intra_pred_flag
  w.bit(0); // redundant_pic_cnt_present_flag
  return nal(3, 8, w.trailing());
}

/** BT.601 limited range, 4:2:0; the planes are padded to whole macroblocks by edge copies. */
function toYuv(rgb: Buffer, width: number, height: number, pw: number, ph: number) {
  const Y = new Uint8Array(pw * ph);
  const U = new Uint8Array((pw / 2) * (ph / 2));
  const V = new Uint8Array((pw / 2) * (ph / 2));
  const px = (x: number, y: number): [number, number, number] => {
    const i = (Math.min(y, height - 1) * width + Math.min(x, width - 1)) * 3;
    return [rgb[i] ?? 0, rgb[i + 1] ?? 0, rgb[i + 2] ?? 0];
  };
  for (let y = 0; y < ph; y += 1)
    for (let x = 0; x < pw; x += 1) {
      const [r, g, b] = px(x, y);
      Y[y * pw + x] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
    }
  for (let y = 0; y < ph / 2; y += 1)
    for (let x = 0; x < pw / 2; x += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const p = px(2 * x + dx, 2 * y + dy);
        r += p[0] / 4;
        g += p[1] / 4;
        b += p[2] / 4;
      }
      U[y * (pw / 2) + x] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      V[y * (pw / 2) + x] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  return { Y, U, V };
}

function idrSlice(rgb: Buffer, width: number, height: number, mbW: number, mbH: number): Buffer {
  const pw = mbW * 16;
  const { Y, U, V } = toYuv(rgb, width, height, pw, mbH * 16);
  const w = new BitWriter();
  w.ue(0); // first_mb_in_slice
  w.ue(7); // slice_type: I, all slices of the picture
  w.ue(0); // pic_parameter_set_id
  w.bits(0, LOG2_MAX_FRAME_NUM); // frame_num
  w.ue(0); // idr_pic_id
  w.bit(0); // no_output_of_prior_pics_flag
  w.bit(0); // long_term_reference_flag
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc
  for (let my = 0; my < mbH; my += 1)
    for (let mx = 0; mx < mbW; mx += 1) {
      w.ue(25); // mb_type I_PCM
      w.alignZero(); // pcm_alignment_zero_bit
      for (let y = 0; y < 16; y += 1)
        for (let x = 0; x < 16; x += 1) w.byte(Y[(my * 16 + y) * pw + mx * 16 + x] ?? 16);
      for (const plane of [U, V])
        for (let y = 0; y < 8; y += 1)
          for (let x = 0; x < 8; x += 1) w.byte(plane[(my * 8 + y) * (pw / 2) + mx * 8 + x] ?? 128);
    }
  return nal(3, 5, w.trailing());
}

function skipSlice(frameNum: number, mbCount: number): Buffer {
  const w = new BitWriter();
  w.ue(0); // first_mb_in_slice
  w.ue(5); // slice_type: P, all slices of the picture
  w.ue(0); // pic_parameter_set_id
  w.bits(frameNum % (1 << LOG2_MAX_FRAME_NUM), LOG2_MAX_FRAME_NUM);
  w.bit(0); // num_ref_idx_active_override_flag
  w.bit(0); // ref_pic_list_modification_flag_l0
  w.bit(0); // adaptive_ref_pic_marking_mode_flag
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc
  w.ue(mbCount); // mb_skip_run: every macroblock copies the previous picture
  return nal(2, 1, w.trailing());
}

export interface H264Stream {
  sps: Buffer;
  pps: Buffer;
  /** One NAL unit per picture (no start codes); the first is the IDR picture. */
  samples: Buffer[];
}

/** `frames` pictures showing the same RGB image (width and height even). */
export function encodeStillVideo(
  rgb: Buffer,
  width: number,
  height: number,
  frames: number,
): H264Stream {
  const mbW = Math.ceil(width / 16);
  const mbH = Math.ceil(height / 16);
  const samples = [idrSlice(rgb, width, height, mbW, mbH)];
  for (let i = 1; i < frames; i += 1) samples.push(skipSlice(i, mbW * mbH));
  return { sps: sps(mbW, mbH, width, height), pps: pps(), samples };
}
