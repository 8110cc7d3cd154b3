import ExcelJS from "exceljs";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { MAX_XLSX_UNPACKED_BYTES } from "~/domain/rating-import";
import { checkZipSizes } from "~/services/rating-import.server";

/** A one-part zip whose directory declares `declared` bytes unpacked, whatever `content` is. */
function zipOf(content: Buffer, declared: number): Buffer {
  const packed = deflateRawSync(content);
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(packed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(packed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(name.length, 28);
  central.writeUInt32LE(0, 42); // the local header's offset
  const cdOffset = local.length + name.length + packed.length;
  const cd = Buffer.concat([central, name]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, packed, cd, end]);
}

describe("an uploaded spreadsheet's unpacked size", () => {
  it("passes a real workbook", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Phiếu").addRow(["ma_phieu", "DG1"]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(checkZipSizes(bytes)).toBe("ok");
  });

  it("refuses a zip that declares too much, before unpacking anything", () => {
    expect(checkZipSizes(zipOf(Buffer.from("<x/>"), MAX_XLSX_UNPACKED_BYTES + 1))).toBe(
      "too_large",
    );
  });

  it("refuses a zip that understates its size: unpacking stops at the limit", () => {
    // About 70 KB packed, 70 MB unpacked, declared as 100 bytes.
    const bomb = zipOf(Buffer.alloc(MAX_XLSX_UNPACKED_BYTES + 10 * 1024 * 1024), 100);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(checkZipSizes(bomb)).toBe("too_large");
  });

  it("reads a small honest zip of the same make as ok, and a cut one as unreadable", () => {
    const honest = zipOf(Buffer.from("<worksheet/>"), 12);
    expect(checkZipSizes(honest)).toBe("ok");
    expect(checkZipSizes(honest.subarray(0, honest.length - 30))).toBe("unreadable");
  });
});
