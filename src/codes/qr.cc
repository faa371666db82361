#include "codes/qr.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

#include "codes/base45.h"
#include "codes/png.h"

namespace onecode::codes {

StatusOr<QrMatrix> EncodeQr(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("QR: empty text");
  for (char c : text) {
    if (!IsBase45Char(c)) return Status::InvalidArgument("QR: text has a character outside QR alphanumeric mode");
  }
  std::unique_ptr<QRinput, decltype(&QRinput_free)> input(QRinput_new2(0, QR_ECLEVEL_M), &QRinput_free);
  if (!input) return Status::Internal("QR: out of memory");
  if (QRinput_append(input.get(), QR_MODE_AN, static_cast<int>(text.size()),
                     reinterpret_cast<const unsigned char*>(text.data())) != 0) {
    return Status::InvalidArgument("QR: libqrencode refused the text");
  }
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeInput(input.get()), &QRcode_free);
  if (!code) {
    if (errno == ERANGE) return Status::InvalidArgument("QR: text too long for a QR code");
    return Status::Internal("QR: libqrencode failed");
  }
  QrMatrix m;
  m.version = code->version;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size) * m.size);
  for (size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

StatusOr<std::string> RenderQrPng(const QrMatrix& qr, int module_px, int quiet) {
  if (module_px < 1 || module_px > 64 || quiet < 0 || quiet > 64) {
    return Status::InvalidArgument("QR: module size must be 1..64 px and quiet zone 0..64 modules");
  }
  const uint32_t side = static_cast<uint32_t>((qr.size + 2 * quiet) * module_px);
  std::vector<uint8_t> pixels(static_cast<size_t>(side) * side, 0);
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.dark[static_cast<size_t>(y) * qr.size + x]) continue;
      for (int dy = 0; dy < module_px; ++dy) {
        const size_t row = static_cast<size_t>((y + quiet) * module_px + dy) * side;
        for (int dx = 0; dx < module_px; ++dx) pixels[row + static_cast<size_t>((x + quiet) * module_px + dx)] = 1;
      }
    }
  }
  return EncodePng(pixels, side, side);
}

std::string RenderQrSvg(const QrMatrix& qr, int module_px, int quiet) {
  const int side = qr.size + 2 * quiet;
  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(side * module_px) + "\" height=\"" + std::to_string(side * module_px) +
                    "\" viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) +
                    "\" shape-rendering=\"crispEdges\">\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"";
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size; ++x) {
      if (!qr.dark[static_cast<size_t>(y) * qr.size + x]) continue;
      svg += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
    }
  }
  svg += "\"/>\n</svg>\n";
  return svg;
}

}  // namespace onecode::codes
