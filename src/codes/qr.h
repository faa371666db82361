// QR codes of token texts (libqrencode): alphanumeric mode, error correction
// level M, the smallest version the text fits; rendered as PNG (codes/png.h)
// or SVG with a quiet zone. Thread-safe (libqrencode is reentrant).
#ifndef ONECODE_CODES_QR_H_
#define ONECODE_CODES_QR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace onecode::codes {

inline constexpr int kQrQuietZoneModules = 4;  // ISO/IEC 18004 minimum
inline constexpr int kQrDefaultModulePixels = 6;

struct QrMatrix {
  int version = 0;             // 1..40
  int size = 0;                // modules per side (17 + 4 * version)
  std::vector<uint8_t> dark;   // size * size, row-major, 1 = dark module
};

// Encodes `text` in one alphanumeric segment. INVALID_ARGUMENT if a character
// is outside the alphanumeric set (0-9 A-Z space $%*+-./:) or the text is too
// long for version 40.
StatusOr<QrMatrix> EncodeQr(std::string_view text);
// PNG bytes: `module_px` pixels per module, `quiet` modules of white border.
StatusOr<std::string> RenderQrPng(const QrMatrix& qr, int module_px = kQrDefaultModulePixels,
                                  int quiet = kQrQuietZoneModules);
// An SVG document: one path of unit squares, scaled by `module_px`.
std::string RenderQrSvg(const QrMatrix& qr, int module_px = kQrDefaultModulePixels, int quiet = kQrQuietZoneModules);

}  // namespace onecode::codes

#endif  // ONECODE_CODES_QR_H_
