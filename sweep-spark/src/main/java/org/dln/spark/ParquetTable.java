package org.dln.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.dln.linear.sweep.Parameter;
import org.dln.linear.sweep.SweepNpz;
import org.dln.linear.sweep.SweepTable;

/**
 * The sweep table as Parquet (one file in the directory PREFIX.parquet, rows in point order): text columns as
 * strings, index, converged, iterations and the integer parameters as int, everything else as double; empty cells
 * are null.
 */
final class ParquetTable {
    private ParquetTable() {
    }

    static StructType schema(List<String> header) {
        List<StructField> f = new ArrayList<>();
        for (String c : header) {
            f.add(DataTypes.createStructField(c, type(c), true));
        }
        return DataTypes.createStructType(f);
    }

    static DataType type(String column) {
        if (SweepNpz.TEXT.contains(column)) {
            return DataTypes.StringType;
        }
        Parameter p = Parameter.of(column);
        if (column.equals("index") || column.equals("converged") || column.equals("iterations") || (p != null && p.type() == Parameter.Type.INT)) {
            return DataTypes.IntegerType;
        }
        return DataTypes.DoubleType;
    }

    static void write(SparkSession spark, List<String> header, List<String> rows, Path dir) {
        StructType schema = schema(header);
        List<Row> out = new ArrayList<>();
        for (String line : rows) {
            List<String> cells = SweepTable.parse(line);
            Object[] v = new Object[cells.size()];
            for (int k = 0; k < v.length; k++) {
                String c = cells.get(k);
                DataType t = schema.fields()[k].dataType();
                v[k] = t == DataTypes.StringType ? c : c.isEmpty() ? null : t == DataTypes.IntegerType ? (Object) Integer.parseInt(c) : (Object) SweepNpz.value(c);
            }
            out.add(RowFactory.create(v));
        }
        spark.createDataFrame(out, schema).coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.toAbsolutePath().toString());
    }
}
