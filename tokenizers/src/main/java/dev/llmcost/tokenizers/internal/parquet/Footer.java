package dev.llmcost.tokenizers.internal.parquet;

import static dev.llmcost.tokenizers.internal.parquet.CompactReader.BINARY;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.I32;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.I64;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.LIST;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.STOP;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.STRUCT;
import static dev.llmcost.tokenizers.internal.parquet.CompactReader.expect;

import java.util.ArrayList;
import java.util.List;

/**
 * What a text count needs of a Parquet file's footer (the Thrift struct {@code FileMetaData} of
 * https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift): the
 * flattened schema and, per row group, each column chunk's place, codec and value count. Other
 * fields are skipped.
 */
record Footer(List<SchemaElement> schema, long rows, List<List<ChunkMeta>> rowGroups) {

  /** Physical types ({@code Type}). */
  static final String[] TYPES = {"BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY",
      "FIXED_LEN_BYTE_ARRAY"};
  static final int BYTE_ARRAY = 6;

  /** Codecs ({@code CompressionCodec}). */
  static final String[] CODECS = {"UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};

  /** One node of the depth-first flattened schema; -1 for an absent optional field. */
  record SchemaElement(String name, int type, int repetition, int children, int convertedType, int logicalType) {

    boolean group() {
      return children >= 0 && type < 0;
    }

    String typeName() {
      return type >= 0 && type < TYPES.length ? TYPES[type] : "type " + type;
    }
  }

  /** A column chunk ({@code ColumnChunk} and its {@code ColumnMetaData}). */
  record ChunkMeta(boolean inOtherFile, boolean hasMetadata, int type, List<String> path, int codec, long values,
      long compressedSize, long dataPageOffset, long dictionaryPageOffset) {

    /** Where the chunk starts: its dictionary page if it has one, else its first data page. */
    long start() {
      return dictionaryPageOffset > 0 && dictionaryPageOffset < dataPageOffset ? dictionaryPageOffset : dataPageOffset;
    }
  }

  static Footer parse(CompactReader r) {
    List<SchemaElement> schema = null;
    long rows = -1;
    List<List<ChunkMeta>> groups = null;
    r.enter();
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      switch (last) {
        case 2 -> {
          expect(f, LIST, "FileMetaData.schema");
          long h = r.listHeader();
          elementsAre(h, STRUCT, "FileMetaData.schema");
          schema = new ArrayList<>();
          for (long i = h >>> 4; i > 0; i--) {
            schema.add(schemaElement(r));
          }
        }
        case 3 -> {
          expect(f, I64, "FileMetaData.num_rows");
          rows = r.i64();
        }
        case 4 -> {
          expect(f, LIST, "FileMetaData.row_groups");
          long h = r.listHeader();
          elementsAre(h, STRUCT, "FileMetaData.row_groups");
          groups = new ArrayList<>();
          for (long i = h >>> 4; i > 0; i--) {
            groups.add(rowGroup(r));
          }
        }
        default -> r.skip(f & 0xFF);
      }
    }
    r.leave();
    if (schema == null || schema.isEmpty()) {
      throw new CompactReader.Malformed("FileMetaData.schema is missing");
    }
    if (groups == null) {
      throw new CompactReader.Malformed("FileMetaData.row_groups is missing");
    }
    if (rows < 0) {
      throw new CompactReader.Malformed("FileMetaData.num_rows is missing or negative");
    }
    return new Footer(List.copyOf(schema), rows, List.copyOf(groups));
  }

  private static void elementsAre(long header, int type, String name) {
    if (header >>> 4 > 0 && (header & 0x0F) != type) {
      throw new CompactReader.Malformed(name + " holds elements of type " + (header & 0x0F) + ", not " + type);
    }
  }

  private static SchemaElement schemaElement(CompactReader r) {
    r.enter();
    String name = null;
    int type = -1;
    int repetition = -1;
    int children = -1;
    int converted = -1;
    int logical = -1;
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      switch (last) {
        case 1 -> {
          expect(f, I32, "SchemaElement.type");
          type = r.i32();
        }
        case 3 -> {
          expect(f, I32, "SchemaElement.repetition_type");
          repetition = r.i32();
        }
        case 4 -> {
          expect(f, BINARY, "SchemaElement.name");
          name = r.string();
        }
        case 5 -> {
          expect(f, I32, "SchemaElement.num_children");
          children = r.i32();
        }
        case 6 -> {
          expect(f, I32, "SchemaElement.converted_type");
          converted = r.i32();
        }
        case 10 -> {
          expect(f, STRUCT, "SchemaElement.logicalType");
          logical = unionField(r);
        }
        default -> r.skip(f & 0xFF);
      }
    }
    r.leave();
    if (name == null) {
      throw new CompactReader.Malformed("SchemaElement.name is missing");
    }
    return new SchemaElement(name, type, repetition, children, converted, logical);
  }

  /** The id of the field a union holds (its value skipped), or -1 if empty. */
  private static int unionField(CompactReader r) {
    r.enter();
    int id = -1;
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      id = last;
      r.skip(f & 0xFF);
    }
    r.leave();
    return id;
  }

  private static List<ChunkMeta> rowGroup(CompactReader r) {
    r.enter();
    List<ChunkMeta> columns = null;
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      if (last == 1) {
        expect(f, LIST, "RowGroup.columns");
        long h = r.listHeader();
        elementsAre(h, STRUCT, "RowGroup.columns");
        columns = new ArrayList<>();
        for (long i = h >>> 4; i > 0; i--) {
          columns.add(columnChunk(r));
        }
      } else {
        r.skip(f & 0xFF);
      }
    }
    r.leave();
    if (columns == null) {
      throw new CompactReader.Malformed("RowGroup.columns is missing");
    }
    return List.copyOf(columns);
  }

  private static ChunkMeta columnChunk(CompactReader r) {
    r.enter();
    boolean otherFile = false;
    ChunkMeta meta = null;
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      if (last == 1) {
        expect(f, BINARY, "ColumnChunk.file_path");
        otherFile = true;
        r.skip(BINARY);
      } else if (last == 3) {
        expect(f, STRUCT, "ColumnChunk.meta_data");
        meta = columnMetaData(r);
      } else {
        r.skip(f & 0xFF);
      }
    }
    r.leave();
    if (meta == null) {
      return new ChunkMeta(otherFile, false, -1, List.of(), -1, 0, 0, 0, 0);
    }
    return new ChunkMeta(otherFile, true, meta.type(), meta.path(), meta.codec(), meta.values(),
        meta.compressedSize(), meta.dataPageOffset(), meta.dictionaryPageOffset());
  }

  private static ChunkMeta columnMetaData(CompactReader r) {
    r.enter();
    int type = -1;
    List<String> path = new ArrayList<>();
    int codec = -1;
    long values = -1;
    long compressed = -1;
    long data = -1;
    long dictionary = 0;
    int last = 0;
    int f;
    while ((f = r.field(last)) != STOP) {
      last = f >>> 8;
      switch (last) {
        case 1 -> {
          expect(f, I32, "ColumnMetaData.type");
          type = r.i32();
        }
        case 3 -> {
          expect(f, LIST, "ColumnMetaData.path_in_schema");
          long h = r.listHeader();
          elementsAre(h, BINARY, "ColumnMetaData.path_in_schema");
          for (long i = h >>> 4; i > 0; i--) {
            path.add(r.string());
          }
        }
        case 4 -> {
          expect(f, I32, "ColumnMetaData.codec");
          codec = r.i32();
        }
        case 5 -> {
          expect(f, I64, "ColumnMetaData.num_values");
          values = r.i64();
        }
        case 7 -> {
          expect(f, I64, "ColumnMetaData.total_compressed_size");
          compressed = r.i64();
        }
        case 9 -> {
          expect(f, I64, "ColumnMetaData.data_page_offset");
          data = r.i64();
        }
        case 11 -> {
          expect(f, I64, "ColumnMetaData.dictionary_page_offset");
          dictionary = r.i64();
        }
        default -> r.skip(f & 0xFF);
      }
    }
    r.leave();
    if (type < 0 || codec < 0 || values < 0 || compressed < 0 || data < 0) {
      throw new CompactReader.Malformed("ColumnMetaData lacks type, codec, num_values, total_compressed_size or"
          + " data_page_offset, or one is negative");
    }
    return new ChunkMeta(false, true, type, List.copyOf(path), codec, values, compressed, data, dictionary);
  }
}
