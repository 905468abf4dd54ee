package io.gunstream.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Hand-written versions of one test record, to show schema evolution without the generated classes. */
public final class TestSchemas {

    private TestSchemas() {
    }

    /** Version 1: id and battery. */
    public static Schema deviceV1() {
        return new Schema.Parser().parse("""
                {"type":"record","name":"Device","namespace":"io.gunstream.test","fields":[
                  {"name":"id","type":"string"},
                  {"name":"battery","type":"int"}]}""");
    }

    /** Version 2: adds region with a default, a BACKWARD-compatible change. */
    public static Schema deviceV2() {
        return new Schema.Parser().parse("""
                {"type":"record","name":"Device","namespace":"io.gunstream.test","fields":[
                  {"name":"id","type":"string"},
                  {"name":"battery","type":"int"},
                  {"name":"region","type":"string","default":"unknown"}]}""");
    }

    /** Changes battery's type and adds a field without default: readers of it cannot read version 1 data. */
    public static Schema deviceIncompatible() {
        return new Schema.Parser().parse("""
                {"type":"record","name":"Device","namespace":"io.gunstream.test","fields":[
                  {"name":"id","type":"string"},
                  {"name":"battery","type":"string"},
                  {"name":"serial","type":"string"}]}""");
    }

    public static GenericRecord deviceV1Record(final String id, final int battery) {
        final GenericRecord r = new GenericData.Record(deviceV1());
        r.put("id", id);
        r.put("battery", battery);
        return r;
    }

    public static GenericRecord deviceV2Record(final String id, final int battery, final String region) {
        final GenericRecord r = new GenericData.Record(deviceV2());
        r.put("id", id);
        r.put("battery", battery);
        r.put("region", region);
        return r;
    }
}
