package dev.llmcost.tokenizers.internal.parquet;

import static dev.llmcost.tokenizers.internal.parquet.CompactReader.I32;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.STOP;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.STRUCT;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.TRUE;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.expect;

/**
 * A page's header (the Thrift struct {@code PageHeader} of parquet.thrift) with the fields of its
 * data page (v1 or v2) or dictionary page header; -1 for an absent field.
 *
 * @param type DATA_PAGE 0, INDEX_PAGE 1, DICTIONARY_PAGE 2, DATA_PAGE_V2 3
 * @param uncompressedSize bytes of the page after decompression (v2: levels included)
 * @param compressedSize bytes of the page as stored, after the header
 * @param values values in the page, nulls included
 * @param nulls v2: the nulls in the page
 * @param encoding the values' encoding
 * @param definitionEncoding v1: the definition levels' encoding
 * @param definitionBytes v2: bytes of the definition levels
 * @param repetitionBytes v2: bytes of the repetition levels
 * @param compressed v2: whether the values are compressed
 */
record PageHeader(int type, int uncompressedSize, int compressedSize, int values, int nulls, int encoding,
    int definitionEncoding, int definitionBytes, int repetitionBytes, boolean compressed) {

  static final int DATA_PAGE = 0;
  static final int INDEX_PAGE = 1;
  static final int DICTIONARY_PAGE = 2;
  static final int DATA_PAGE_V2 = 3;

  static PageHeader parse(CompactReader r) {
    int type = -1;
    int uncompressed = -1;
    int compressedSize = -1;
    int[] sub = {-1, -1, -1, -1, -1, -1};
    boolean isCompressed = true;
    r.enter();
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      switch (last) {
        case 1 -> {
          expect(f, I32, "PageHeader.type");
          type = r.i32();
        }
        case 2 -> {
          expect(f, I32, "PageHeader.uncompressed_page_size");
          uncompressed = r.i32();
        }
        case 3 -> {
          expect(f, I32, "PageHeader.compressed_page_size");
          compressedSize = r.i32();
        }
        case 5, 7, 8 -> {
          expect(f, STRUCT, "PageHeader.data_page_header");
          isCompressed &= pageKind(r, last, sub);
        }
        default -> r.skip(f & 0xFF);
      }
    }
    r.leave();
    if (type < 0 || uncompressed < 0 || compressedSize < 0) {
      throw new CompactReader.Malformed("PageHeader lacks type, uncompressed_page_size or compressed_page_size, or one"
          + " is negative");
    }
    return new PageHeader(type, uncompressed, compressedSize, sub[0], sub[1], sub[2], sub[3], sub[4], sub[5],
        isCompressed);
  }

  /**
   * Reads a DataPageHeader (5), DictionaryPageHeader (7) or DataPageHeaderV2 (8) into {@code out}:
   * values, nulls, encoding, definition level encoding, definition bytes, repetition bytes.
   *
   * @return v2's is_compressed, true elsewhere
   */
  private static boolean pageKind(CompactReader r, int kind, int[] out) {
    boolean compressed = true;
    r.enter();
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      int slot = switch (kind) {
        case 5 -> last == 1 ? 0 : last == 2 ? 2 : last == 3 ? 3 : -1;
        case 7 -> last == 1 ? 0 : last == 2 ? 2 : -1;
        default -> last == 1 ? 0 : last == 2 ? 1 : last == 4 ? 2 : last == 5 ? 4 : last == 6 ? 5 : -1;
      };
      if (slot >= 0) {
        expect(f, I32, "page header field " + last);
        out[slot] = r.i32();
      } else if (kind == 8 && last == 7) {
        expect(f, TRUE, "DataPageHeaderV2.is_compressed");
        compressed = (f & 0xFF) == TRUE;
      } else {
        r.skip(f & 0xFF);
      }
    }
    r.leave();
    return compressed;
  }
}
