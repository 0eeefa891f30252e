# frozen_string_literal: true

# Strict stand-in for the official `telnyx` gem (see xtask/stubs/README.md), which cannot be
# installed here. It knows nothing by itself: the resources, methods, positional and keyword
# arguments and response fields the gem has come from the JSON file named by
# TELNYX_STUB_SURFACE, which `cargo xtask verify-docs` derives from spec/sdk.yaml and the spec
# (xtask/src/ruby_surface.rs). Anything else raises: an unknown resource or method
# (NoMethodError), an unknown or missing keyword or a wrong number of positional arguments
# (ArgumentError), an enum value outside the spec's list (ArgumentError), reading a field the
# response type does not have (NoMethodError).
#
# Like the gem, each call is sent over HTTP: to the client's base URL (`base_url:`, else
# TELNYX_BASE_URL, else the API's server), with the API key as `Authorization: Bearer`, the
# query string and the body (JSON, or a form where the API takes only that). An error status
# raises the gem's error class for it; a connection failure raises APIConnectionError.

require "json"
require "net/http"
require "uri"

module Telnyx
  SURFACE_FILE = ENV.fetch("TELNYX_STUB_SURFACE") do
    raise "the Ruby stand-in needs TELNYX_STUB_SURFACE (set by `cargo xtask verify-docs`)"
  end
  SURFACE = JSON.parse(File.read(SURFACE_FILE))

  module Errors
    class Error < StandardError; end
    class APIError < Error; end
    class APIConnectionError < APIError; end
    class APITimeoutError < APIConnectionError; end

    class APIStatusError < APIError
      attr_reader :status, :body

      def initialize(message, status:, body:)
        super(message)
        @status = status
        @body = body
      end
    end

    class BadRequestError < APIStatusError; end
    class AuthenticationError < APIStatusError; end
    class PermissionDeniedError < APIStatusError; end
    class NotFoundError < APIStatusError; end
    class ConflictError < APIStatusError; end
    class UnprocessableEntityError < APIStatusError; end
    class RateLimitError < APIStatusError; end
    class InternalServerError < APIStatusError; end

    BY_STATUS = {
      400 => BadRequestError, 401 => AuthenticationError, 403 => PermissionDeniedError,
      404 => NotFoundError, 409 => ConflictError, 422 => UnprocessableEntityError,
      429 => RateLimitError
    }.freeze

    def self.for_status(status)
      return InternalServerError if status >= 500

      BY_STATUS.fetch(status, APIStatusError)
    end
  end

  # Checks a value given for `name` against a type descriptor (enum values, nested object keys).
  def self.check_value(name, value, type)
    return if value.nil? || type.nil?

    if type["enum"]
      allowed = type["enum"].map(&:to_s)
      unless allowed.include?(value.to_s)
        raise ArgumentError, "#{name}: #{value.inspect} is not one of #{allowed.join(', ')}"
      end
    elsif type["array"]
      raise ArgumentError, "#{name}: expected an Array, got #{value.inspect}" unless value.is_a?(Array)

      value.each { |v| check_value(name, v, type["array"]) }
    elsif type["struct"]
      raise ArgumentError, "#{name}: expected a Hash, got #{value.inspect}" unless value.is_a?(Hash)

      fields = SURFACE.dig("types", type["struct"], "fields") || {}
      value.each do |k, v|
        field = fields[k.to_s]
        raise ArgumentError, "#{name}: unknown field #{k.inspect} (it has: #{fields.keys.join(', ')})" unless field

        check_value("#{name}.#{k}", v, field["type"])
      end
    end
  end

  # A JSON value as the gem hands it out, read through its type: a struct only answers the
  # fields its type has.
  def self.wrap(value, type)
    return value if value.nil? || type.nil?

    if type["struct"] && value.is_a?(Hash)
      Model.new(value, type["struct"])
    elsif type["array"] && value.is_a?(Array)
      value.map { |v| wrap(v, type["array"]) }
    elsif type["map"] && value.is_a?(Hash)
      value.transform_values { |v| wrap(v, type["map"]) }
    elsif type["enum"] && value.is_a?(String)
      value.to_sym
    else
      value
    end
  end

  # A response object: one reader per field of its type, nothing else.
  class Model
    def initialize(value, type_name)
      @value = value
      @type_name = type_name
      @fields = SURFACE.dig("types", type_name, "fields") || {}
    end

    def method_missing(name, *args)
      field = @fields[name.to_s]
      return super unless field && args.empty?

      Telnyx.wrap(@value[name.to_s], field["type"])
    end

    def respond_to_missing?(name, include_private = false) = @fields.key?(name.to_s) || super

    def [](key) = @value[key.to_s]
    def to_h = @value
    def to_s = JSON.generate(@value)
    def inspect = "#<#{@type_name} #{to_s}>"
  end

  # A page of a list: its fields, and a walk over every item that fetches the next pages.
  class Page < Model
    MAX_PAGES = 20

    def initialize(value, type_name, fetch:, number:, spec:)
      super(value, type_name)
      @fetch = fetch
      @number = number
      @spec = spec
    end

    def next_page?
      items = @value[@spec["items"]] || []
      meta = @value[@spec["meta"]] || {}
      total = meta["total_pages"]
      !items.empty? && total.is_a?(Integer) && @number < total
    end

    def next_page
      raise Errors::Error, "no next page" unless next_page?

      @fetch.call(@number + 1)
    end

    def auto_paging_each(&block)
      page = self
      pages = 1
      loop do
        (page.send(@spec["items"]) || []).each(&block)
        break unless page.next_page?

        pages += 1
        raise Errors::Error, "pagination did not end after #{MAX_PAGES} pages" if pages > MAX_PAGES

        page = page.next_page
      end
    end
  end

  module Resources
    # A resource: one method per operation the gem has for it.
    class Resource
      def initialize(client, name, methods)
        @client = client
        @name = name
        @methods = methods
      end

      def method_missing(name, *args, **kwargs)
        op = @methods[name.to_s]
        unless op
          raise NoMethodError,
                "undefined method `#{name}' for client.#{@name} (the telnyx gem has: #{@methods.keys.join(', ')})"
        end

        @client.call(op, args, kwargs)
      end

      def respond_to_missing?(name, include_private = false) = @methods.key?(name.to_s) || super
    end
  end

  class Client
    DEFAULT_TIMEOUT = 60

    def initialize(api_key: ENV["TELNYX_API_KEY"], base_url: ENV["TELNYX_BASE_URL"], max_retries: 2,
                   timeout: DEFAULT_TIMEOUT)
      raise ArgumentError, "api_key is required, and was not set (TELNYX_API_KEY)" if api_key.nil?

      @api_key = api_key
      @base_url = base_url
      @max_retries = max_retries
      @timeout = timeout
      SURFACE["resources"].each do |name, methods|
        resource = Resources::Resource.new(self, name, methods)
        define_singleton_method(name) { resource }
      end
    end

    # Checks the arguments of one call against the gem's signature, sends it, and returns what the
    # gem would: a model, a page, a string, or nil.
    def call(op, args, kwargs, page_number: nil)
      positional = op["positional"]
      if args.length != positional.length
        raise ArgumentError,
              "wrong number of arguments (given #{args.length}, expected #{positional.length}: #{positional.join(', ')})"
      end
      kwargs = kwargs.dup
      options = kwargs.delete(:request_options) || {}
      raise ArgumentError, "request_options must be a Hash" unless options.is_a?(Hash)
      unknown = options.keys - REQUEST_OPTIONS
      raise ArgumentError, "unknown request option: #{unknown.first.inspect}" unless unknown.empty?
      extra_headers = options[:extra_headers] || {}
      keywords = op["keywords"]
      kwargs.each_key do |k|
        raise ArgumentError, "unknown keyword: #{k.inspect} (the telnyx gem takes: #{keywords.keys.join(', ')})" unless keywords.key?(k.to_s)
      end
      keywords.each do |k, spec|
        raise ArgumentError, "missing keyword: :#{k}" if spec["required"] && !kwargs.key?(k.to_sym)
      end
      kwargs.each { |k, v| Telnyx.check_value(k.to_s, v, keywords[k.to_s]["type"]) }

      path = op["path"].dup
      positional.each_with_index do |name, i|
        path.sub!("{#{name}}", URI.encode_www_form_component(args[i].to_s).gsub("+", "%20"))
      end
      query = []
      body = {}
      kwargs.each do |k, v|
        spec = keywords[k.to_s]
        if spec["in"] == "query"
          query << [spec["wire"], plain(v)]
        else
          body[spec["wire"]] = v
        end
      end
      if op["page"] && page_number
        query.reject! { |name, _| name == op["page"]["page_param"] }
        query << [op["page"]["page_param"], page_number.to_s]
      end
      value = send_request(op, path, query, op["body_encoding"] ? body : nil, extra_headers)

      if op["page"]
        number = page_number || (kwargs[op["page"]["keyword"].to_sym] || 1).to_i
        fetch = ->(n) { call(op, args, kwargs.merge(request_options: options), page_number: n) }
        return Page.new(value || {}, op["returns"]["struct"], fetch: fetch, number: number, spec: op["page"])
      end
      return nil if op["returns"]["empty"]

      Telnyx.wrap(value, op["returns"])
    end

    private

    def plain(value)
      case value
      when Symbol then value.to_s
      when Array then value.map { |v| plain(v) }.join(",")
      else value.to_s
      end
    end

    # The keys of the gem's `request_options:` hash.
    REQUEST_OPTIONS = %i[extra_headers extra_query extra_body timeout max_retries idempotency_key].freeze

    def send_request(op, path, query, body, extra_headers)
      base = (@base_url || op["default_base_url"]).chomp("/")
      uri = URI("#{base}#{path}")
      uri.query = URI.encode_www_form(query) unless query.empty?
      request = Net::HTTPGenericRequest.new(op["http_method"], !body.nil?, true, uri.request_uri)
      request["Authorization"] = "Bearer #{@api_key}"
      request["Accept"] = "application/json"
      request["User-Agent"] = "Telnyx/Ruby stand-in"
      # Like the gem, a per-call header replaces the client's (the OAuth client's Basic credentials
      # instead of the API key's Bearer at the token and introspection endpoints).
      extra_headers.each { |name, value| request[name.to_s] = value.to_s }
      unless body.nil?
        if op["body_encoding"] == "form"
          request["Content-Type"] = "application/x-www-form-urlencoded"
          request.body = URI.encode_www_form(body.transform_values { |v| plain(v) })
        else
          request["Content-Type"] = "application/json"
          request.body = JSON.generate(body.transform_values { |v| v.is_a?(Symbol) ? v.to_s : v })
        end
      end
      response = begin
        Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == "https",
                                            open_timeout: @timeout, read_timeout: @timeout) do |http|
          http.request(request)
        end
      rescue Net::OpenTimeout, Net::ReadTimeout => e
        raise Errors::APITimeoutError, "request timed out: #{e.message}"
      rescue SystemCallError, SocketError, IOError => e
        raise Errors::APIConnectionError, "connection error: #{e.message}"
      end
      status = response.code.to_i
      text = response.body.to_s
      if status >= 400
        raise Errors.for_status(status).new("#{status} #{text}", status: status, body: text)
      end
      return nil if text.empty?
      return text unless response["Content-Type"].to_s.include?("json")

      JSON.parse(text)
    end
  end
end
