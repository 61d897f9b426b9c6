package dev.k2.interop.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An Iceberg REST catalog on 127.0.0.1 only: Iceberg's test servlet over a backend catalog (by default a
 * JdbcCatalog). Arguments: PORT, then backend catalog properties as key=value (uri, warehouse, ...).
 * For checks only: no authentication, no TLS.
 */
public final class RestCatalogServer {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RestCatalogServer PORT [key=value]...   (backend catalog properties)");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
        properties.put("jdbc.schema-version", "V1");
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: " + args[i]);
            }
            properties.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Catalog backend = CatalogUtil.buildIcebergCatalog("rest_backend", properties, new Configuration());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backend))), "/*");
        server.setHandler(context);
        server.start();
        System.out.println("Iceberg REST catalog listening on http://127.0.0.1:" + connector.getLocalPort()
            + " (backend " + properties + ")");
        server.join();
    }
}
